"""Fan-out: one push to N connected browsers, against a raw ASGI baseline on the same server.

    .venv/bin/python bench/push_fanout.py              # 1,000 and 10,000 sockets
    .venv/bin/python bench/push_fanout.py 2000         # other sizes

One uvicorn process serves bench/asgi.py (in-memory channel layer, one process). For each N:
(1) baseline: N sockets on a minimal raw ASGI app, which writes the same frame to all of them;
(2) N joined views of a small view, one ``apush_to_view(state=...)`` changing one value;
(2h) the same views, one ``apush_to_view(handler="on_value", payload=...)`` whose handler sets
that value (the seed's way to push: a sync handler per view);
(3) (N ≤ 1,000) N joined views each holding a 1,000-row table, the push changing one value
beside it. Reported: frames/s delivered (N / time until the last client has its frame), that
time, and the server's resident memory per connected idle view. The clients are one asyncio
process of this script, so its own reading speed is part of every figure, baseline included.
During (2) and (2h) one more user, on a view the push does not reach, sends events one after
the other from a thread of its own: the p50/p99/max of their round trips while the fan-out
runs (what a user clicking during a big push waits).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import http.cookiejar
import json
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from typing import Any

import websockets

from _sockets import ROOT, Server, close_all, connect_all, deliver, raise_fd_limit

KINDS = ("baseline", "small", "handler", "table")
PROBED = ("small", "handler")


def page_token(server: Server, path: str) -> tuple[str, str]:
    """The join token and the session cookie of one HTTP render (shared by every client:
    each join makes its own view instance from the saved state)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(server.base + path, timeout=60).read().decode()
    token = re.search(r'dj-token="([^"]+)"', html)
    assert token is not None
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return token.group(1), cookie


async def scenario(server: Server, count: int, kind: str) -> dict[str, Any]:
    before = server.rss_kb()
    if kind == "baseline":
        frame = '[null,"lv:1","diff",{"v":2,"d":{"0":"1"}}]'
        sockets = await connect_all(server, count, "/raw/", _opener("", None))
        trigger = "/raw/send/?" + urllib.parse.quote(frame, safe="")
    else:
        small = kind in PROBED
        view = "bench.benchapp.views.SmallView" if small else "bench.benchapp.views.TableView"
        token, cookie = page_token(server, "/small/" if small else "/table/")
        join = {"pv": 1, "token": token, "v": 1, "f": []}
        sockets = await connect_all(
            server, count, "/djwire/ws/", _opener(cookie, [1, "lv:1", "join", join])
        )
        trigger = f"/bench/push/?view={view}&value=1" + ("&handler=1" if kind == "handler" else "")
    await asyncio.sleep(0.5)
    after = server.rss_kb()
    probe = Probe(server) if kind in PROBED else None
    result = await deliver(server, sockets, trigger)
    if probe is not None:
        result.update(probe.stop())
    result.update(kind=kind, sockets=count, memory_kb_per_socket=(after - before) / count)
    await close_all(sockets)
    await asyncio.sleep(3)  # let the server finish closing before the next scenario
    return result


class Probe:
    """A user on another view sending events back to back, from a thread (and event loop) of
    its own, while a push fans out: the round trips of the events sent after the push began."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.samples: list[tuple[float, float]] = []  # (sent at, round trip)
        self.ready = threading.Event()
        self.done = threading.Event()
        self.started = 0.0
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self.thread.start()
        self.ready.wait(60)
        self.started = time.perf_counter()

    async def _run(self) -> None:
        token, cookie = page_token(self.server, "/other/")
        url = f"ws://127.0.0.1:{self.server.port}/djwire/ws/"
        headers = {"Origin": self.server.base, "Cookie": cookie}
        async with websockets.connect(url, additional_headers=headers, compression=None) as ws:
            await ws.send(json.dumps([1, "lv:1", "join", {"pv": 1, "token": token, "v": 1}]))
            await ws.recv()
            self.ready.set()
            ref = 1
            while not self.done.is_set():
                ref += 1
                sent = time.perf_counter()
                await ws.send(json.dumps([ref, "lv:1", "event", {"e": "bump", "p": {}}]))
                while json.loads(await ws.recv())[0] != ref:
                    pass
                self.samples.append((sent, time.perf_counter() - sent))
                await asyncio.sleep(0.002)

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.thread.join(30)
        # deliver() waits 50 ms before it triggers the push.
        during = sorted(rt for sent, rt in self.samples if sent >= self.started + 0.05)
        if not during:
            return {"events_during": 0}
        return {
            "events_during": len(during),
            "event_p50_ms": statistics.median(during) * 1000,
            "event_p99_ms": during[min(len(during) - 1, int(len(during) * 0.99))] * 1000,
            "event_max_ms": during[-1] * 1000,
        }


def _opener(cookie: str, join: list[Any] | None) -> Any:
    async def opener() -> tuple[str, list[Any] | None]:
        return cookie, join

    return opener


def table(results: list[dict[str, Any]]) -> str:
    head = (
        f"{'what':<34} | {'sockets':>7} | {'frames/s':>9} | {'last frame':>10} | "
        f"{'median':>8} | {'vs baseline':>11} | {'KB/socket':>9} | event during: p50 / p99 / max"
    )
    lines = [head, "-" * len(head)]
    names = {
        "baseline": "(1) raw ASGI, same bytes",
        "small": "(2) push state, small view",
        "handler": "(2h) push handler, small view",
        "table": "(3) push, view with 1,000 rows",
    }
    for r in results:
        base = next(b for b in results if b["kind"] == "baseline" and b["sockets"] == r["sockets"])
        lines.append(
            f"{names[r['kind']]:<34} | {r['sockets']:>7} | {r['frames_per_s']:>9.0f} | "
            f"{r['last_ms']:>7.1f} ms | {r['median_ms']:>5.1f} ms | "
            f"{r['frames_per_s'] / base['frames_per_s']:>10.0%} | {r['memory_kb_per_socket']:>9.1f}"
            + (
                f" | {r['event_p50_ms']:.1f} / {r['event_p99_ms']:.1f} / {r['event_max_ms']:.1f} ms"
                f" ({r['events_during']} events)"
                if r.get("events_during")
                else ""
            )
        )
    return "\n".join(lines)


async def run(sizes: list[int]) -> list[dict[str, Any]]:
    raise_fd_limit()
    server = Server()
    results = []
    try:
        for count in sizes:
            for kind in KINDS:
                if kind == "table" and count > 1000:
                    continue  # 10,000 views of 1,000 rows each would need ~10 GB
                results.append(await scenario(server, count, kind))
                print(f"  {kind} x {count}: {results[-1]['frames_per_s']:.0f} frames/s", flush=True)
    finally:
        server.stop()
    return results


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 3000, 10_000]
    results = asyncio.run(run(sizes))
    print(table(results))
    out = ROOT / "bench" / "results" / f"push_fanout-{dt.date.today().isoformat()}-handlers.json"
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
