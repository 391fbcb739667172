"""Python calls the server's event loop makes per frame of a fan-out: a count, not a time, so it
compares two checkouts on a loaded machine (the timings of sync_fanout.py and push_fanout.py
swing 2x there).

    PYTHONPATH=$PWD/src .venv/bin/python bench/fanout_calls.py 100 1000
    PYTHONPATH=/other/checkout/src .venv/bin/python bench/fanout_calls.py 100 1000   # A/B

One uvicorn process serves bench/asgi.py, as for sync_fanout.py. For each N: N sockets on the
raw ASGI app, then N subscribers of ``sync:1`` (sync_fanout.py's), then N small LiveViews
(push_fanout.py's, each its own page); for each, cProfile runs on the event loop's thread (the
server's /raw/profile/) from just before the trigger (the raw app's send, one ``save()`` of a
card, one ``apush_to_view(state=...)``) until every client has its frame. Reported: the calls
per frame, the loop's CPU time per frame under the profiler (inflated by it, the same for
both), and the functions called most. The view's and the save's own work in Django's thread is
not counted: only what the loop does for the fan-out.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import urllib.parse
from typing import Any

from _sockets import ROOT, Server, close_all, connect_all, deliver, own_page, raise_fd_limit
from sync_fanout import make_database, subscribe

VIEW = "bench.benchapp.views.SmallView"


async def measure(server: Server, kind: str, count: int, value: int) -> dict[str, Any]:
    if kind == "raw":
        sockets = await connect_all(server, count, "/raw/", _no_join)
        frame = f'[null,"lv:1","diff",{{"v":2,"d":{{"0":"raw-{value}"}}}}]'
        trigger, expect = "/raw/send/?" + urllib.parse.quote(frame, safe=""), f"raw-{value}"
    elif kind == "sync save":
        sockets = await subscribe(server, count)
        trigger, expect = f"/bench/sync/save/?title=calls-{value}", f"calls-{value}"
    else:
        sockets = await connect_all(server, count, "/djwire/ws/", own_page(server, "/small/"))
        trigger, expect = f"/bench/push/?view={VIEW}&value={value}", str(value)
    await asyncio.sleep(0.5)
    server.get("/raw/profile/?on")
    await deliver(server, sockets, trigger, expect=expect)
    profile = server.get("/raw/profile/?off")
    await close_all(sockets)
    await asyncio.sleep(2)
    return {
        "kind": kind,
        "sockets": count,
        "calls_per_frame": profile["calls"] / count,
        "cpu_us_per_frame": profile["cpu_s"] / count * 1e6,
        "top": profile["top"],
    }


async def _no_join() -> tuple[str, list[Any] | None]:
    return "", None


async def run(sizes: list[int]) -> list[dict[str, Any]]:
    raise_fd_limit()
    server = Server()
    results = []
    try:
        server.get("/bench/sync/setup/")
        # The first save and push of a process import and warm what later ones reuse.
        await measure(server, "sync save", 1, 1)
        await measure(server, "state push", 1, 2)
        for count in sizes:
            for kind in ("raw", "sync save", "state push"):
                results.append(await measure(server, kind, count, 1000 + len(results)))
                r = results[-1]
                print(
                    f"  {kind} x {count}: {r['calls_per_frame']:.1f} calls/frame, "
                    f"{r['cpu_us_per_frame']:.1f} µs/frame (profiled)",
                    flush=True,
                )
    finally:
        server.stop()
    return results


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    database = make_database()
    results = asyncio.run(run(sizes))
    import os

    os.remove(database)
    head = f"{'fan-out':<12} | {'frames':>6} | {'calls/frame':>11} | {'µs/frame (profiled)':>19}"
    print("\n" + head + "\n" + "-" * len(head))
    for r in results:
        print(
            f"{r['kind']:<12} | {r['sockets']:>6} | {r['calls_per_frame']:>11.1f} | "
            f"{r['cpu_us_per_frame']:>19.1f}"
        )
    for r in results:
        if r["sockets"] == max(sizes) and r["kind"] != "raw":
            print(f"\nmost called, {r['kind']} x {r['sockets']} (calls, seconds):")
            for name, calls, seconds in r["top"][:15]:
                print(f"  {calls:>8} {seconds:>8.4f}  {name}")
    out = ROOT / "bench" / "results" / f"fanout_calls-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
