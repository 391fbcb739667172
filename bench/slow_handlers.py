"""One user never slows another: other users' event latency while 4 sockets call a 0.5 s handler.

    .venv/bin/python bench/slow_handlers.py

One uvicorn process serves bench/asgi.py, twice: with the handler pool of 8 threads (the
default), then with a pool of one thread, as Django's one sync thread ran every handler before
(the baseline, in the same run). Each time, 4 sockets call ``SmallView.slow`` (``time.sleep
(0.5)``) back to back, and 10 other users, each on a view of their own, send ``bump`` events
for 6 s, each waiting 50 ms after every reply; reported: the p50/p99/max of those users'
round trips, and the same users alone (no slow handler) as the floor.
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


async def joined(server: Server) -> Any:
    page, cookie = await http_get(server, "/small/")
    token = attribute(page, "dj-token")
    url = f"ws://127.0.0.1:{server.port}/djwire/ws/"
    headers = {"Origin": server.base, "Cookie": cookie}
    ws = await websockets.connect(url, additional_headers=headers, compression=None)
    await ws.send(json.dumps([1, "lv:1", "join", {"pv": 1, "token": token, "v": 1}]))
    assert json.loads(await ws.recv())[2] == "ok"
    return ws


async def call(ws: Any, ref: int, handler: str) -> float:
    sent = time.perf_counter()
    await ws.send(json.dumps([ref, "lv:1", "event", {"e": handler, "p": {}}]))
    while True:
        frame = json.loads(await ws.recv())
        if frame[0] == ref:
            assert frame[2] == "ok", frame
            return time.perf_counter() - sent


async def measure(server: Server, slow: int) -> dict[str, float]:
    slow_sockets = [await joined(server) for _ in range(slow)]
    users = [await joined(server) for _ in range(USERS)]
    stop = asyncio.Event()

    async def keep_calling(ws: Any) -> None:
        ref = 1
        while not stop.is_set():
            ref += 1
            await call(ws, ref, "slow")

    callers = [asyncio.create_task(keep_calling(ws)) for ws in slow_sockets]
    await asyncio.sleep(0.2)  # the slow handlers are running
    trips: list[float] = []

    async def click(ws: Any) -> None:
        ref, until = 1, time.perf_counter() + SECONDS
        while time.perf_counter() < until:
            ref += 1
            trips.append(await call(ws, ref, "bump"))
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
            for slow in (0, SLOW):
                result = await measure(server, slow)
                result.update(threads=threads, slow_sockets=slow)
                results.append(result)
                print(f"  {threads} threads, {slow} slow sockets: {result}", flush=True)
        finally:
            server.stop()
    return results


def table(results: list[dict[str, Any]]) -> str:
    head = f"{'handler threads':>15} | {'slow sockets':>12} | {'p50':>9} | {'p99':>9} | {'max':>9}"
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r['threads']:>15} | {r['slow_sockets']:>12} | {r['p50_ms']:>6.1f} ms | "
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
