"""One user never slows another: other users' event latency while 4 sockets call a 0.5 s handler.

    .venv/bin/python bench/slow_handlers.py

One uvicorn process serves bench/asgi.py, twice: with the handler pool of 8 threads (the
default), then with a pool of one thread, as Django's one sync thread ran every handler before
(the baseline, in the same run). Each time, 4 sockets call ``SmallView.slow`` (``time.sleep
(0.5)``) back to back, and 10 other users, each on a view of their own, send ``bump`` events
for 6 s, each waiting 50 ms after every reply; reported: the p50/p99/max of those users'
round trips, and the same users alone (no slow handler) as the floor.

The signals row does the same with signals windows (a page of a plain Django view that calls
``set_websocket_topics``): 4 windows call ``bench.slow``, whose permission check takes 0.5 s,
and 10 other windows call ``bench.echo``; reported: the time until those calls are answered.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import time
from typing import Any

import websockets

from _sockets import ROOT, Server, attribute, http_get, raise_fd_limit

SLOW, USERS, SECONDS, PAUSE = 4, 10, 6.0, 0.05


# What each kind of user does: the page it loads, how it joins, what it calls (slow or not).
LIVEVIEW = {"page": "/small/", "token": "dj-token", "topic": "lv:1", "join": {"v": 1}}
WINDOW = {"page": "/room/", "token": "data-dj-window", "topic": "sig:1", "join": {}}


# A window's calls: the signal and its opts for what a LiveView user would call.
SIGNALS = {"bump": ("bench.echo", {"n": 1}), "slow": ("bench.slow", {})}


def request(kind: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    """The event and payload of calling ``name`` as a user of ``kind``."""
    if kind is WINDOW:
        signal, opts = SIGNALS[name]
        return "call", {"signal": signal, "opts": opts}
    return "event", {"e": name, "p": {}}


async def joined(server: Server, kind: dict[str, Any] = LIVEVIEW) -> Any:
    page, cookie = await http_get(server, kind["page"])
    token = attribute(page, kind["token"])
    url = f"ws://127.0.0.1:{server.port}/djwire/ws/"
    headers = {"Origin": server.base, "Cookie": cookie}
    ws = await websockets.connect(url, additional_headers=headers, compression=None)
    join = {"pv": 1, "token": token, **kind["join"]}
    await ws.send(json.dumps([1, kind["topic"], "join", join]))
    assert json.loads(await ws.recv())[2] == "ok"
    return ws


async def call(ws: Any, ref: int, handler: str, kind: dict[str, Any] = LIVEVIEW) -> float:
    event, payload = request(kind, handler)
    sent = time.perf_counter()
    await ws.send(json.dumps([ref, kind["topic"], event, payload]))
    while True:
        frame = json.loads(await ws.recv())
        if frame[0] == ref:
            assert frame[2] == "ok", frame
            return time.perf_counter() - sent


async def measure(server: Server, slow: int, kind: dict[str, Any] = LIVEVIEW) -> dict[str, float]:
    slow_sockets = [await joined(server, kind) for _ in range(slow)]
    users = [await joined(server, kind) for _ in range(USERS)]
    stop = asyncio.Event()

    async def keep_calling(ws: Any) -> None:
        ref = 1
        while not stop.is_set():
            ref += 1
            await call(ws, ref, "slow", kind)

    callers = [asyncio.create_task(keep_calling(ws)) for ws in slow_sockets]
    await asyncio.sleep(0.2)  # the slow handlers are running
    trips: list[float] = []

    async def click(ws: Any) -> None:
        ref, until = 1, time.perf_counter() + SECONDS
        while time.perf_counter() < until:
            ref += 1
            trips.append(await call(ws, ref, "bump", kind))
            await asyncio.sleep(PAUSE)

    await asyncio.gather(*(click(ws) for ws in users))
    stop.set()
    await asyncio.gather(*callers)
    for ws in slow_sockets + users:
        await ws.close()
    trips.sort()
    return {
        "events": len(trips),
        "p50_ms": statistics.median(trips) * 1000,
        "p99_ms": trips[int(len(trips) * 0.99)] * 1000,
        "max_ms": trips[-1] * 1000,
    }


async def run() -> list[dict[str, Any]]:
    raise_fd_limit()
    results = []
    for threads in (8, 1):
        os.environ["DJWIRE_BENCH_HANDLER_THREADS"] = str(threads)
        server = Server()
        try:
            for name, kind in (("liveview", LIVEVIEW), ("signals", WINDOW)):
                for slow in (0, SLOW):
                    result = await measure(server, slow, kind)
                    result.update(kind=name, threads=threads, slow_sockets=slow)
                    results.append(result)
                    print(f"  {name}, {threads} threads, {slow} slow: {result}", flush=True)
        finally:
            server.stop()
    return results


def table(results: list[dict[str, Any]]) -> str:
    head = (
        f"{'users':>8} | {'handler threads':>15} | {'slow sockets':>12} | {'p50':>9} | "
        f"{'p99':>9} | {'max':>9}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r['kind']:>8} | {r['threads']:>15} | {r['slow_sockets']:>12} | "
            f"{r['p50_ms']:>6.1f} ms | "
            f"{r['p99_ms']:>6.1f} ms | {r['max_ms']:>6.1f} ms  ({r['events']} events)"
        )
    return "\n".join(lines)


def main() -> None:
    results = asyncio.run(run())
    print(table(results))
    out = ROOT / "bench" / "results" / f"slow_handlers-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
