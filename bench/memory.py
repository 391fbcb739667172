"""Memory per connection, measured as real browsers connect: each client loads its own page
(its own session and join token), then opens its socket and joins.

    .venv/bin/python bench/memory.py                 # 1,000 and 10,000 small views, 100 tables
    .venv/bin/python bench/memory.py 2000 50         # other counts (small views, tables)
    .venv/bin/python bench/memory.py traced          # what a 1,000-row view holds (tracemalloc,
                                                     # and the objects the collector tracks)

One uvicorn process serves bench/asgi.py (in-memory channel layer, sessions in the local-memory
cache, so a session's few hundred bytes count in the server's memory as well). Reported: the
server's resident memory added per connected idle client, for (1) the baseline: a socket on a
minimal raw ASGI app, measured in the same run; (2) a small view (one value); (3) a view holding
a 1,000-row table. Targets (issue 13): ≤ 20 KB per idle small view at 10,000 connections, ≤ 400 KB
per 1,000-row view. Results go to bench/results/memory-<date>.json.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from types import SimpleNamespace
from typing import Any

from _sockets import ROOT, Server, close_all, connect_all, own_page, raise_fd_limit


def raw() -> Any:
    async def opener() -> tuple[str, list[Any] | None]:
        return "", None

    return opener


async def measure(server: Server, kind: str, count: int) -> dict[str, Any]:
    await asyncio.sleep(1)
    before = server.rss_kb()
    if kind == "baseline":
        sockets = await connect_all(server, count, "/raw/", raw())
    else:
        path = "/small/" if kind == "small" else "/table/"
        sockets = await connect_all(server, count, "/djwire/ws/", own_page(server, path))
    await asyncio.sleep(2)  # saves behind the joins, handoffs taken
    after = server.rss_kb()
    await close_all(sockets)
    await asyncio.sleep(3)
    return {"kind": kind, "clients": count, "kb_per_client": (after - before) / count}


async def run(small_counts: list[int], tables: int) -> list[dict[str, Any]]:
    results = []
    for count in small_counts:
        server = Server()  # a fresh process per size: RSS does not shrink back after a run
        try:
            results.append(await measure(server, "baseline", count))
            results.append(await measure(server, "small", count))
        finally:
            server.stop()
    server = Server()
    try:
        results.append(await measure(server, "table", tables))
    finally:
        server.stop()
    return results


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
    if sys.argv[1:2] == ["traced"]:
        result = traced(int(sys.argv[2]) if len(sys.argv) > 2 else 20)
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
    raise_fd_limit()
    args = [int(a) for a in sys.argv[1:]]
    small_counts = args[:1] or [1000, 10_000]
    tables = args[1] if len(args) > 1 else 100
    results = asyncio.run(run(small_counts, tables))
    names = {
        "baseline": "baseline: raw ASGI socket",
        "small": "small view, own page and session",
        "table": "1,000-row table view, own page",
    }
    print(f"{'what':<36} | {'clients':>7} | {'KB per client':>13}")
    for r in results:
        print(f"{names[r['kind']]:<36} | {r['clients']:>7} | {r['kb_per_client']:>13.1f}")
    out = ROOT / "bench" / "results" / f"memory-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
