"""Fan-out: one push to N connected browsers, against a raw ASGI baseline on the same server.

    .venv/bin/python bench/push_fanout.py              # 1,000, 3,000 and 10,000 sockets
    .venv/bin/python bench/push_fanout.py 2000         # other sizes

One uvicorn process serves bench/asgi.py (in-memory channel layer, one process). For each N:
(1) baseline: N sockets on a minimal raw ASGI app, which writes the same frame to all of them;
(2) N joined views of a small view, ``apush_to_view(state=...)`` changing one value;
(2h) the same views, ``apush_to_view(handler="on_value", payload=...)`` whose handler sets
that value (the seed's way to push: a sync handler per view);
(3) (N ≤ 1,000) N joined views each holding a 1,000-row table, the push changing one value
beside it. Each is pushed ``PUSHES`` times; reported: frames/s delivered (N / time until the last
client has its frame) of the median push, that time, the worst push, and the server's resident
memory per connected idle view. The clients are one asyncio process of this script, so its own
reading speed is part of every figure, baseline included.

The prober (bench/_prober.py) is one more user, in an OS process of its own with its own
socket and page, on a view no push reaches: it sends events back to back for the whole run.
Its round trips are reported for the events sent while a push fanned out (from the trigger to
the last client's frame) of (2) and of (2h), and, as the baseline, for the events sent during
one second with the N small views connected and no push.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import http.cookiejar
import itertools
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from typing import Any

from _sockets import (
    PYTHON,
    ROOT,
    Server,
    close_all,
    connect_all,
    deliver,
    own_page,
    raise_fd_limit,
)

KINDS = ("baseline", "small", "handler", "table")
PUSHES = 3
IDLE_WINDOW = 1.0  # seconds of the no-push probe baseline
_values = itertools.count(1000)  # every push sets a new value: it always has a diff


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


class Prober:
    """bench/_prober.py, started once per run; its samples are split by time window at the end."""

    def __init__(self, server: Server) -> None:
        self.process = subprocess.Popen(
            [PYTHON, str(ROOT / "bench" / "_prober.py"), server.base],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT / "bench",
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready", "the prober did not join"
        self.samples: list[tuple[float, float]] = []

    def stop(self) -> None:
        out, _ = self.process.communicate(input="", timeout=60)
        self.samples = [(sent, rt) for sent, rt in json.loads(out.strip().splitlines()[-1])]

    def during(self, windows: list[tuple[float, float]]) -> dict[str, float]:
        inside = sorted(rt for sent, rt in self.samples if any(a <= sent <= b for a, b in windows))
        if not inside:
            return {"events": 0}
        return {
            "events": len(inside),
            "p50_ms": statistics.median(inside) * 1000,
            "p99_ms": inside[min(len(inside) - 1, int(len(inside) * 0.99))] * 1000,
            "max_ms": inside[-1] * 1000,
        }


async def scenario(server: Server, count: int, kind: str) -> dict[str, Any]:
    before = server.rss_kb()
    if kind == "baseline":
        frame = '[null,"lv:1","diff",{"v":2,"d":{"0":"1"}}]'
        sockets = await connect_all(server, count, "/raw/", _opener("", None))
        triggers = ["/raw/send/?" + urllib.parse.quote(frame, safe="")] * PUSHES
    elif kind == "table":
        view = "bench.benchapp.views.TableView"
        # One page for all: 1,000 renders of 1,000 rows would take long and hold their garbage.
        token, cookie = page_token(server, "/table/")
        join = {"pv": 1, "token": token, "v": 1, "f": []}
        sockets = await connect_all(
            server, count, "/djwire/ws/", _opener(cookie, [1, "lv:1", "join", join])
        )
    else:
        # Each its own page, session and view instance, as browsers are: what each saves is
        # its own record.
        view = "bench.benchapp.views.SmallView"
        sockets = await connect_all(server, count, "/djwire/ws/", own_page(server, "/small/"))
    if kind != "baseline":
        handler = "&handler=1" if kind == "handler" else ""
        triggers = [
            f"/bench/push/?view={view}&value={next(_values)}{handler}" for _ in range(PUSHES)
        ]
    await asyncio.sleep(0.5)
    after = server.rss_kb()
    result: dict[str, Any] = {"kind": kind, "sockets": count}
    if kind == "small":
        idle = time.monotonic()
        await asyncio.sleep(IDLE_WINDOW)
        result["idle_window"] = (idle, time.monotonic())
    pushes, windows = [], []
    for trigger in triggers:
        started = time.monotonic()
        pushes.append(await deliver(server, sockets, trigger))
        windows.append((started + 0.05, time.monotonic()))  # deliver waits 50 ms first
        await asyncio.sleep(0.5)  # the saves behind the push, before the next one
    pushes.sort(key=lambda push: push["last_ms"])
    result.update(pushes[len(pushes) // 2])
    result.update(
        worst_ms=pushes[-1]["last_ms"],
        windows=windows,
        memory_kb_per_socket=(after - before) / count,
    )
    await close_all(sockets)
    await asyncio.sleep(3)  # let the server finish closing before the next scenario
    return result


def _opener(cookie: str, join: list[Any] | None) -> Any:
    async def opener() -> tuple[str, list[Any] | None]:
        return cookie, join

    return opener


def table(results: list[dict[str, Any]]) -> str:
    head = (
        f"{'what':<34} | {'sockets':>7} | {'frames/s':>9} | {'last frame':>10} | "
        f"{'median':>8} | {'worst':>10} | {'vs baseline':>11} | {'server CPU':>10} | "
        f"{'KB/socket':>9}"
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
            f"{r['last_ms']:>7.1f} ms | {r['median_ms']:>5.1f} ms | {r['worst_ms']:>7.1f} ms | "
            f"{r['frames_per_s'] / base['frames_per_s']:>10.0%} | "
            f"{r['server_cpu_ms']:>7.0f} ms | {r['memory_kb_per_socket']:>9.1f}"
        )
    return "\n".join(lines)


def probe_table(results: list[dict[str, Any]]) -> str:
    head = (
        f"{'sockets':>7} | {'(2h)/(2) last frame':>19} | "
        "prober's events p50 / p99 / max (count): no push | during (2) | during (2h)"
    )
    lines = [head, "-" * len(head)]

    def cell(probe: dict[str, float]) -> str:
        if not probe["events"]:
            return "no events"
        return (
            f"{probe['p50_ms']:.1f} / {probe['p99_ms']:.1f} / {probe['max_ms']:.1f} ms "
            f"({probe['events']:.0f})"
        )

    for count in sorted({r["sockets"] for r in results}):
        of = {r["kind"]: r for r in results if r["sockets"] == count}
        if "small" not in of or "handler" not in of:
            continue
        ratio = of["handler"]["last_ms"] / of["small"]["last_ms"]
        lines.append(
            f"{count:>7} | {ratio:>18.1f}x | {cell(of['small']['probe_idle'])} | "
            f"{cell(of['small']['probe'])} | {cell(of['handler']['probe'])}"
        )
    return "\n".join(lines)


async def run(sizes: list[int]) -> list[dict[str, Any]]:
    raise_fd_limit()
    server = Server()
    prober = Prober(server)
    results = []
    try:
        for count in sizes:
            for kind in KINDS:
                if kind == "table" and count > 1000:
                    continue  # 10,000 views of 1,000 rows each would need ~10 GB
                results.append(await scenario(server, count, kind))
                print(f"  {kind} x {count}: {results[-1]['frames_per_s']:.0f} frames/s", flush=True)
    finally:
        prober.stop()
        server.stop()
    for result in results:
        result["probe"] = prober.during(result.pop("windows"))
        if "idle_window" in result:
            result["probe_idle"] = prober.during([result.pop("idle_window")])
    return results


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 3000, 10_000]
    results = asyncio.run(run(sizes))
    print(table(results))
    print()
    print(probe_table(results))
    out = ROOT / "bench" / "results" / f"push_fanout-{dt.date.today().isoformat()}-prober.json"
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
