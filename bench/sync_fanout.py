"""Model-state channels: one ``save()`` of a row in a nested state reaching N subscribers,
against a raw ASGI baseline on the same server, measured in the same run; and the cost of a
``save()`` of a tracked model whose anchors nobody watches, against a model no channel reaches.

    .venv/bin/python bench/sync_fanout.py                  # 100, 1,000 and 10,000 subscribers
    .venv/bin/python bench/sync_fanout.py 100 1000         # other sizes

One uvicorn process serves bench/asgi.py (in-memory channel layer, a SQLite file made for the
run). The channel is bench/benchapp/channels.py's ``BoardChannel``: a board with its cards.
First, on the quiet process: (1) the seconds per ``save()`` of a card of a board nobody
watches, and of a ``PlainCard`` with the same columns that no channel reaches (best of five
interleaved rounds). Then for each N: (2) baseline: N sockets on a minimal raw ASGI app, which
writes the bytes of the update frame (2) produces to all of them; (3) N subscribers: each client
gets a token signed by ``BoardChannel.token_for`` from a view (its own session), opens the
socket with its cookie and joins ``sync:1``; then one GET of a view that saves one card of the
board. Reported: frames/s (N / time until the last subscriber has its frame), that time, the
median, the bytes of the update frame and the server's memory per subscriber. The clients are
one asyncio process of this script, so its own speed is part of every figure, baselines too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from typing import Any

from _sockets import (
    PYTHON,
    PYTHONPATH,
    ROOT,
    Server,
    attribute,
    close_all,
    connect_all,
    deliver,
    http_get,
    raise_fd_limit,
)

# Saves per fan-out, the median reported (a garbage collection may land in any one).
SAVES = 3
TOPIC = "sync:1"


async def _raw_opener() -> tuple[str, list[Any] | None]:
    return "", None


def _subscriber_opener(server: Server) -> Any:
    async def opener() -> tuple[str, list[Any] | None]:
        body, cookie = await http_get(server, "/board/1/token/")
        # The body may come chunked (the session middleware streams it): read the token.
        token = attribute(body.replace('": "', '="'), '"token')
        return cookie, [1, TOPIC, "join", {"pv": 1, "token": token}]

    return opener


async def subscribe(server: Server, count: int) -> list[Any]:
    sockets = await connect_all(server, count, "/djwire/ws/", _subscriber_opener(server))
    # The state follows the join's reply: read it, so the next frame is the update.
    snapshots = await asyncio.gather(*(ws.recv() for ws in sockets))
    assert all('"instances"' in frame for frame in snapshots), snapshots[0]
    return sockets


async def probe(server: Server) -> str:
    """The update frame one save sends (the bytes the baseline writes)."""
    sockets = await subscribe(server, 1)
    await asyncio.to_thread(server.get, "/bench/sync/save/?title=probe")
    frame: str = await asyncio.wait_for(sockets[0].recv(), timeout=30)
    await close_all(sockets)
    return frame


async def fanout(server: Server, count: int, kind: str, frame: str) -> dict[str, Any]:
    before = server.rss_kb()
    started = time.perf_counter()
    if kind == "baseline":
        sockets = await connect_all(server, count, "/raw/", _raw_opener)
    else:
        sockets = await subscribe(server, count)
    connect_s = time.perf_counter() - started
    await asyncio.sleep(0.5)
    after = server.rss_kb()
    runs = []
    for i in range(SAVES):
        title = f"saved-{count}-{i}"
        if kind == "baseline":
            trigger = "/raw/send/?" + urllib.parse.quote(frame.replace("probe", title), safe="")
        else:
            trigger = f"/bench/sync/save/?title={title}"
        runs.append(await deliver(server, sockets, trigger, expect=title))
        await asyncio.sleep(0.5)
    runs.sort(key=lambda r: r["last_ms"])
    result = {
        **runs[len(runs) // 2],
        "worst_last_ms": runs[-1]["last_ms"],
        "runs": runs,
        "kind": kind,
        "sockets": count,
        "frame_bytes": len(frame.replace("probe", f"saved-{count}-0").encode()),
        "connect_s": connect_s,
        "memory_kb_per_socket": (after - before) / count,
    }
    await close_all(sockets)
    await asyncio.sleep(3)  # let the server finish closing before the next scenario
    return result


def table(cost: dict[str, float], fanouts: list[dict[str, Any]]) -> str:
    lines = [
        f"save() of a tracked card nobody watches: {cost['tracked'] * 1e6:.1f} µs, "
        f"of a plain card: {cost['plain'] * 1e6:.1f} µs "
        f"({cost['tracked'] / cost['plain']:.2f}x plain Django)",
        "",
    ]
    head = (
        f"{'fan-out: one save()':<30} | {'subscribers':>11} | {'frames/s':>9} | "
        f"{'last frame':>10} | {'median':>8} | {'vs baseline':>11} | {'worst last':>10} | "
        f"{'bytes':>5} | {'KB/socket':>9}"
    )
    lines += [head, "-" * len(head)]
    names = {"baseline": "(2) raw ASGI, same bytes", "subscribers": "(3) save() of a card"}
    for r in fanouts:
        base = next(b for b in fanouts if b["kind"] == "baseline" and b["sockets"] == r["sockets"])
        lines.append(
            f"{names[r['kind']]:<30} | {r['sockets']:>11} | {r['frames_per_s']:>9.0f} | "
            f"{r['last_ms']:>7.1f} ms | {r['median_ms']:>5.1f} ms | "
            f"{r['frames_per_s'] / base['frames_per_s']:>10.0%} | {r['worst_last_ms']:>7.1f} ms | "
            f"{r['frame_bytes']:>5} | {r['memory_kb_per_socket']:>9.1f}"
        )
    return "\n".join(lines)


async def run(sizes: list[int]) -> tuple[dict[str, float], list[dict[str, Any]]]:
    raise_fd_limit()
    server = Server()
    fanouts = []
    try:
        server.get("/bench/sync/setup/")
        cost = server.get("/bench/sync/save-cost/")
        print(
            f"  save(): tracked {cost['tracked'] * 1e6:.1f} µs, plain {cost['plain'] * 1e6:.1f} µs"
        )
        frame = await probe(server)
        for count in sizes:
            for kind in ("baseline", "subscribers"):
                fanouts.append(await fanout(server, count, kind, frame))
                r = fanouts[-1]
                print(
                    f"  {kind} x {count}: {r['frames_per_s']:.0f} frames/s, last "
                    f"{r['last_ms']:.1f} ms, worst of {SAVES} {r['worst_last_ms']:.1f} ms "
                    f"(connected in {r['connect_s']:.1f} s)",
                    flush=True,
                )
    finally:
        server.stop()
    return cost, fanouts


def make_database() -> str:
    """A SQLite file with the bench's tables, for the server to use (its env)."""
    path = os.path.join(tempfile.mkdtemp(prefix="djwire-bench-"), "db.sqlite3")
    os.environ["DJWIRE_BENCH_DB"] = path
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": PYTHONPATH}
    script = "import django; django.setup(); from django.core.management import call_command; "
    script += "call_command('migrate', run_syncdb=True, verbosity=0)"
    subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True)
    return path


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000, 10_000]
    database = make_database()
    try:
        cost, fanouts = asyncio.run(run(sizes))
    finally:
        os.remove(database)
    print(table(cost, fanouts))
    out = ROOT / "bench" / "results" / f"sync_fanout-{dt.date.today().isoformat()}.json"
    results = {"python": sys.version.split()[0], "save_cost_s": cost, "fanout": fanouts}
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
