"""Memory per connection, measured as real browsers connect: each client loads its own page
(its own session and join token), then opens its socket and joins.

    .venv/bin/python bench/memory.py                 # 10,000 small views on each server, 100 tables
    .venv/bin/python bench/memory.py 2000 50         # other counts (small views, tables)
    .venv/bin/python bench/memory.py 2000 --servers websockets,wsproto
    .venv/bin/python bench/memory.py held 2000       # what one socket and its view hold, by type
                                                     # and by allocating line (tracemalloc)
    .venv/bin/python bench/memory.py traced          # what a 1,000-row view holds (tracemalloc,
                                                     # and the objects the collector tracks)

Each figure is one fresh server process serving bench/asgi.py (in-memory channel layer,
sessions in the local-memory cache, so a session's few hundred bytes count in the server's
memory as well): uvicorn with each of its WebSocket implementations (``--ws websockets``, the
legacy one; ``websockets-sansio``, uvicorn's default since 0.35; ``wsproto``) and daphne.
Reported: the server's resident memory added per connected idle client, after a warm-up of
WARM_UP clients, for (1) the baseline: a socket on a minimal raw ASGI app on the same server;
(2) a small view (one value); (3) a view holding a 1,000-row table (on the first server only).
Targets (issue 13): <= 20 KB per idle small view at 10,000 connections, <= 400 KB per
1,000-row view. Results go to bench/results/memory-<date>.json.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from types import SimpleNamespace
from typing import Any

from _sockets import (
    ROOT,
    SERVERS,
    Server,
    close_all,
    connect_all,
    own_page,
    raise_fd_limit,
)

# Clients connected before the "before" figure: the first ones pay for the template's
# compilation, the allocator's first arenas and the like, which are not per connection.
WARM_UP = 100


def raw() -> Any:
    async def opener() -> tuple[str, list[Any] | None]:
        return "", None

    return opener


def connector(server: Server, kind: str) -> tuple[str, Any]:
    if kind == "baseline":
        return "/raw/", raw()
    return "/djwire/ws/", own_page(server, "/small/" if kind == "small" else "/table/")


async def measure(protocol: str, kind: str, count: int) -> dict[str, Any]:
    """RSS added per client in a fresh server process (RSS does not shrink back after a run,
    so a process measures one thing)."""
    server = Server(protocol=protocol)
    try:
        path, opener = connector(server, kind)
        warm = await connect_all(server, WARM_UP, path, opener)
        await asyncio.sleep(2)
        before = server.rss_kb()
        sockets = await connect_all(server, count, path, opener)
        await asyncio.sleep(3)  # saves behind the joins, handoffs taken
        after = server.rss_kb()
        # A socket the server closed meanwhile (a missed ping) would count as holding nothing.
        lost = sum(ws.close_code is not None for ws in sockets + warm)
        await close_all(sockets + warm)
    finally:
        server.stop()
    kb = (after - before) / count
    note = f" ({lost} sockets closed by the server!)" if lost else ""
    print(f"  {protocol:<18} {kind:<9} {count:>7} clients: {kb:6.1f} KB each{note}", flush=True)
    return {"server": protocol, "kind": kind, "clients": count, "kb_per_client": kb, "lost": lost}


async def run(small_counts: list[int], tables: int, protocols: list[str]) -> list[dict[str, Any]]:
    results = []
    for count in small_counts:
        for protocol in protocols:
            results.append(await measure(protocol, "baseline", count))
            results.append(await measure(protocol, "small", count))
    if tables:
        results.append(await measure(protocols[0], "table", tables))
    return results


async def held(count: int, protocol: str, kind: str) -> dict[str, Any]:
    """What ``count`` clients of ``kind`` (joined small views, or raw sockets) add in the
    server, by object type and (tracemalloc, one frame) by the line that allocated it."""
    server = Server(protocol=protocol, PYTHONTRACEMALLOC="1")
    try:
        path, opener = connector(server, kind)
        warm = await connect_all(server, WARM_UP, path, opener)
        await asyncio.sleep(2)
        server.get("/bench/held/?mark")
        sockets = await connect_all(server, count, path, opener)
        await asyncio.sleep(3)
        added = server.get("/bench/held/")
        await close_all(sockets + warm)
    finally:
        server.stop()
    # Per socket the server holds (counted by its consumers when joined): a client that was
    # cut off meanwhile is not counted as holding nothing.
    types = added["types"]
    if kind == "small":
        sockets = types.get("SocketConsumer", count)
    else:  # uvicorn's protocol object of each socket, by implementation
        names = ("WSProtocol", "WebSocketsSansIOProtocol", "WebSocketProtocol")
        sockets = next((types[name] for name in names if types.get(name)), count)
    return {"server": protocol, "kind": kind, "clients": count, "sockets": sockets, **added}


def print_held(result: dict[str, Any]) -> None:
    count = result["sockets"]
    what = "small view" if result["kind"] == "small" else "raw socket"
    print(f"per {what} on {result['server']}, {count} sockets (tracemalloc, 1 frame):")
    print(f"  bytes in all: {sum(result['packages'].values()) / count:>8.0f} B")
    print("  bytes by package:")
    for name, size in result["packages"].items():
        if abs(size) >= count * 16:
            print(f"    {name:<40} {size / count:>8.0f} B")
    print("  bytes by allocating line:")
    for line, size in list(result["lines"].items())[:30]:
        print(f"    {line:<70} {size / count:>8.0f} B")
    print("  tasks by coroutine:")
    for name, number in result["tasks"].items():
        print(f"    {name:<60} {number / count:>8.2f}")
    print("  objects by type (gc):")
    for name, number in list(result["types"].items())[:25]:
        print(f"    {name:<40} {number / count:>8.2f}")


def traced(views: int) -> dict[str, Any]:
    """What one 1,000-row view holds, traced in this process: the view the HTTP render mounted
    and keeps for its join (its state, tracked, and its last render), against the same rows as
    plain Python data (a list of dicts, what a plain Django view holds while it renders)."""
    import gc
    import os
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.cache import SessionStore
    from django.test import RequestFactory

    from bench.benchapp.views import TableView
    from djwire.live.handoff import get_handoffs
    from djwire.live.providers import http_view_for

    def page() -> None:
        request = RequestFactory().get("/")
        request.session = SessionStore()
        request.user = AnonymousUser()
        http_view_for(TableView, "/")(request, size=1000)

    def held(make: Any) -> tuple[float, float]:
        """KB held per view, and objects the garbage collector tracks (what a collection of
        the oldest generation scans) per view."""
        gc.collect()
        start = tracemalloc.get_traced_memory()[0]
        objects = len(gc.get_objects())
        kept = [make() for _ in range(views)]
        gc.collect()
        size = (tracemalloc.get_traced_memory()[0] - start) / views / 1024
        tracked = (len(gc.get_objects()) - objects) / views
        del kept
        return size, tracked

    def plain_rows() -> Any:
        holder = SimpleNamespace()  # the view's own mount(), on an object that tracks nothing
        TableView.mount(holder, None, size=1000)  # type: ignore[arg-type]
        return holder.rows

    page()  # the template compiled, the caches warm
    get_handoffs()._held.clear()
    tracemalloc.start()
    plain, plain_objects = held(plain_rows)
    viewed, view_objects = held(page)  # the handoffs keep the mounted views
    tracemalloc.stop()
    get_handoffs()._held.clear()
    return {
        "kind": "traced",
        "views": views,
        "plain_rows_kb": plain,
        "view_kb": viewed,
        "plain_rows_gc_tracked": plain_objects,
        "view_gc_tracked": view_objects,
    }


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["traced"]:
        result = traced(int(args[1]) if len(args) > 1 else 20)
        baseline = "1,000 rows as plain Python data (baseline)"
        print(f"{'':<44} {'held':>8}    {'GC-tracked objects':>18}")
        print(
            f"{baseline:<44} {result['plain_rows_kb']:>8.0f} KB "
            f"{result['plain_rows_gc_tracked']:>18,.0f}"
        )
        print(
            f"{'1,000-row view, held (traced)':<44} {result['view_kb']:>8.0f} KB "
            f"{result['view_gc_tracked']:>18,.0f}"
        )
        out = ROOT / "bench" / "results" / f"memory-traced-{dt.date.today().isoformat()}.json"
        out.write_text(json.dumps(result, indent=2) + "\n")
        print(f"written to {out.relative_to(ROOT)}")
        return
    protocols = list(SERVERS)
    tag = ""
    if "--tag" in args:  # results of another checkout's src/, kept beside this one's
        at = args.index("--tag")
        tag = f"-{args[at + 1]}"
        del args[at : at + 2]
    if "--servers" in args:
        at = args.index("--servers")
        protocols = args[at + 1].split(",")
        del args[at : at + 2]
    raise_fd_limit()
    if args[:1] == ["held"]:
        count = int(args[1]) if len(args) > 1 else 2000
        results = [
            asyncio.run(held(count, protocol, kind))
            for protocol in protocols
            for kind in ("baseline", "small")
        ]
        for result in results:
            print_held(result)
        out = ROOT / "bench" / "results" / f"memory-held-{dt.date.today().isoformat()}{tag}.json"
        out.write_text(json.dumps(results, indent=2) + "\n")
        print(f"written to {out.relative_to(ROOT)}")
        return
    counts = [int(a) for a in args]
    small_counts = counts[:1] or [10_000]
    tables = counts[1] if len(counts) > 1 else 100
    results = asyncio.run(run(small_counts, tables, protocols))
    names = {
        "baseline": "baseline: raw ASGI socket",
        "small": "small view, own page and session",
        "table": "1,000-row table view, own page",
    }
    print(f"{'server':<18} | {'what':<36} | {'clients':>7} | {'KB per client':>13}")
    for r in results:
        what = names[r["kind"]]
        print(f"{r['server']:<18} | {what:<36} | {r['clients']:>7} | {r['kb_per_client']:>13.1f}")
    out = ROOT / "bench" / "results" / f"memory-{dt.date.today().isoformat()}{tag}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
