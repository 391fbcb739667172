"""Signals: one trigger to a topic of N windows, and a browser's call answered by its @signal,
each against a raw ASGI baseline on the same server, measured in the same run.

    .venv/bin/python bench/signals_fanout.py                  # 100, 1,000 and 10,000 windows
    .venv/bin/python bench/signals_fanout.py 1000 2000        # other sizes

One uvicorn process serves bench/asgi.py (in-memory channel layer, thread workers). For each N:
(1) baseline: N sockets on a minimal raw ASGI app, which writes the bytes of a signal frame to
all of them; (2) N windows: each client loads the page of a plain Django view that calls
``set_websocket_topics(request, "room")`` (its own session and window token), opens the socket
with its cookie and joins ``sig:1``; then one ``await atrigger(None, "bench.ping", to=["room"])``.
Reported: frames/s (N / time until the last window has its frame), that time, the median, and
the server's memory per idle window. Before those, on the quiet process: (3) baseline, one
socket's frames echoed by the raw ASGI app; (4) from one window, ROUND_TRIPS sequential calls of
``bench.echo`` (bench/benchapp/signals.py), which triggers ``bench.echoed`` back to WINDOW from
the thread worker: p50/p99 from sending the call to that signal, and to the ``ok`` that accepts
the call. The clients are one asyncio process of this script, so its own speed is part of every
figure, baselines too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import time
import urllib.parse
from typing import Any

import websockets

from _sockets import (
    ROOT,
    Server,
    attribute,
    close_all,
    connect_all,
    deliver,
    http_get,
    raise_fd_limit,
)

ROUND_TRIPS = 500
WARM_UP = 30
# Triggers per fan-out, the median reported: at 10,000 sockets a full garbage collection of the
# server (~2 million objects, over a second on this machine) may land in any one of them.
TRIGGERS = 3
SIGNAL_FRAME = (
    '[null,"sig:1","signal",{"signal":"bench.ping","opts":{"n":1},"signal_id":"0123456789abcdef"}]'
)


async def _raw_opener() -> tuple[str, list[Any] | None]:
    return "", None


def _window_opener(server: Server) -> Any:
    async def opener() -> tuple[str, list[Any] | None]:
        page, cookie = await http_get(server, "/room/")
        token = attribute(page, "data-dj-window")
        return cookie, [1, "sig:1", "join", {"pv": 1, "token": token}]

    return opener


async def fanout(server: Server, count: int, kind: str) -> dict[str, Any]:
    before = server.rss_kb()
    started = time.perf_counter()
    if kind == "baseline":
        sockets = await connect_all(server, count, "/raw/", _raw_opener)
        trigger = "/raw/send/?" + urllib.parse.quote(SIGNAL_FRAME, safe="")
    else:
        sockets = await connect_all(server, count, "/djwire/ws/", _window_opener(server))
        trigger = "/bench/ping/?n=1"
    connect_s = time.perf_counter() - started
    await asyncio.sleep(0.5)
    after = server.rss_kb()
    runs = []
    for _ in range(TRIGGERS):
        runs.append(await deliver(server, sockets, trigger, expect='"bench.ping"'))
        await asyncio.sleep(0.5)
    runs.sort(key=lambda r: r["last_ms"])
    result = {
        **runs[len(runs) // 2],
        "worst_last_ms": runs[-1]["last_ms"],
        "runs": runs,
        "kind": kind,
        "sockets": count,
        "connect_s": connect_s,
        "memory_kb_per_socket": (after - before) / count,
    }
    await close_all(sockets)
    await asyncio.sleep(3)  # let the server finish closing before the next scenario
    return result


def percentile(samples: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile, in ms."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))] * 1000


async def echo_trips(server: Server) -> dict[str, Any]:
    url = f"ws://127.0.0.1:{server.port}/raw/echo/"
    async with websockets.connect(url, compression=None) as ws:
        trips = []
        for i in range(WARM_UP + ROUND_TRIPS):
            frame = json.dumps([i, "sig:1", "call", {"signal": "bench.echo", "opts": {"n": i}}])
            started = time.perf_counter()
            await ws.send(frame)
            assert await ws.recv() == frame
            if i >= WARM_UP:
                trips.append(time.perf_counter() - started)
    return {"kind": "echo", "trips": ROUND_TRIPS, **_summary(trips, None)}


async def call_trips(server: Server) -> dict[str, Any]:
    opener = _window_opener(server)
    cookie, join = await opener()
    url = f"ws://127.0.0.1:{server.port}/djwire/ws/"
    headers = {"Origin": server.base, "Cookie": cookie}
    async with websockets.connect(url, additional_headers=headers, compression=None) as ws:
        await ws.send(json.dumps(join))
        assert json.loads(await ws.recv())[2] == "ok"
        trips, accepted = [], []
        for i in range(WARM_UP + ROUND_TRIPS):
            ref = i + 2
            call = {"signal": "bench.echo", "opts": {"n": i}}
            started = time.perf_counter()
            await ws.send(json.dumps([ref, "sig:1", "call", call]))
            ok_at = signal_at = None
            while ok_at is None or signal_at is None:
                reply = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
                if reply[0] == ref:
                    assert reply[2] == "ok", reply
                    ok_at = time.perf_counter()
                elif reply[2] == "signal" and reply[3]["opts"] == {"n": i}:
                    assert reply[3]["signal"] == "bench.echoed", reply
                    signal_at = time.perf_counter()
            if i >= WARM_UP:
                accepted.append(ok_at - started)
                trips.append(signal_at - started)
    return {"kind": "call", "trips": ROUND_TRIPS, **_summary(trips, accepted)}


def _summary(trips: list[float], accepted: list[float] | None) -> dict[str, Any]:
    summary = {
        "p50_ms": percentile(trips, 50),
        "p99_ms": percentile(trips, 99),
        "max_ms": max(trips) * 1000,
    }
    if accepted is not None:
        summary.update(ok_p50_ms=percentile(accepted, 50), ok_p99_ms=percentile(accepted, 99))
    return summary


def table(fanouts: list[dict[str, Any]], trips: list[dict[str, Any]]) -> str:
    head = (
        f"{'fan-out: one trigger':<34} | {'windows':>7} | {'frames/s':>9} | "
        f"{'last frame':>10} | {'median':>8} | {'vs baseline':>11} | {'worst last':>10} | "
        f"{'KB/window':>9}"
    )
    lines = [head, "-" * len(head)]
    names = {
        "baseline": "(1) raw ASGI, same bytes",
        "windows": '(2) atrigger to "room"',
        "echo": "(3) raw ASGI echo, same frame",
        "call": "(4) call → @signal → WINDOW",
    }
    for r in fanouts:
        base = next(b for b in fanouts if b["kind"] == "baseline" and b["sockets"] == r["sockets"])
        lines.append(
            f"{names[r['kind']]:<34} | {r['sockets']:>7} | {r['frames_per_s']:>9.0f} | "
            f"{r['last_ms']:>7.1f} ms | {r['median_ms']:>5.1f} ms | "
            f"{r['frames_per_s'] / base['frames_per_s']:>10.0%} | {r['worst_last_ms']:>7.1f} ms | "
            f"{r['memory_kb_per_socket']:>9.1f}"
        )
    head = (
        f"{'round trip, sequential':<34} | {'trips':>7} | {'p50':>9} | {'p99':>10} | "
        f"{'max':>8} | {'ok p50':>11} | {'ok p99':>10} |"
    )
    lines += ["", head, "-" * len(head)]
    for r in trips:
        ok = (
            f"{r['ok_p50_ms']:>8.2f} ms | {r['ok_p99_ms']:>7.2f} ms |"
            if "ok_p50_ms" in r
            else f"{'':>11} | {'':>10} |"
        )
        lines.append(
            f"{names[r['kind']]:<34} | {r['trips']:>7} | {r['p50_ms']:>6.2f} ms | "
            f"{r['p99_ms']:>7.2f} ms | {r['max_ms']:>5.1f} ms | {ok}"
        )
    return "\n".join(lines)


async def run(sizes: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    raise_fd_limit()
    server = Server()
    fanouts, trips = [], []
    try:
        # First, while the process is quiet: after 10,000 sockets it spends seconds closing them.
        for measure in (echo_trips, call_trips):
            trips.append(await measure(server))
            print(f"  {trips[-1]['kind']}: p99 {trips[-1]['p99_ms']:.2f} ms", flush=True)
        for count in sizes:
            for kind in ("baseline", "windows"):
                fanouts.append(await fanout(server, count, kind))
                r = fanouts[-1]
                print(
                    f"  {kind} x {count}: {r['frames_per_s']:.0f} frames/s, last "
                    f"{r['last_ms']:.1f} ms, worst of {TRIGGERS} {r['worst_last_ms']:.1f} ms "
                    f"(connected in {r['connect_s']:.1f} s)",
                    flush=True,
                )
    finally:
        server.stop()
    return fanouts, trips


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000, 10_000]
    fanouts, trips = asyncio.run(run(sizes))
    print(table(fanouts, trips))
    out = ROOT / "bench" / "results" / f"signals_fanout-{dt.date.today().isoformat()}.json"
    results = {"python": sys.version.split()[0], "fanout": fanouts, "round_trip": trips}
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
