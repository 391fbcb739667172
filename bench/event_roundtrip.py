"""What one event costs on the server, and on the wire, for a view beside a list of N rows.

    .venv/bin/python bench/event_roundtrip.py            # 1,000 and 10,000 rows

For each size: (a) an event that changes one row, (b) one that changes only a counter beside
the list, (c) one that inserts a row in the middle, (e) one that deletes one, (f) one that
moves one, (g) one that reassigns the list with one row changed (a new list of new dicts, as a
handler re-reading its rows does; the time the handler itself spends building it, timed on the
same rows as a plain list, is shown apart, and djwire's part is the rest). Server time is the
handler plus the render of what changed (median CPU time of repeated runs, in-process), wire
bytes are the reply frame. Then the socket round trip: the median of (a), and p50/p99/max of
300 changes, inserts and deletes in turn, garbage collection on. The baseline, measured in the
same run, is what a re-render of the whole page costs: Django rendering the same template with
the same state (what a framework that re-renders and diffs the whole page pays before it even
diffs). (d) the time of the first HTTP render and of the join right after it, and the bytes of
both. Results go to bench/results/event_roundtrip-<date>.json.

    .venv/bin/python bench/event_roundtrip.py 10000 100000   # other sizes
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import pathlib
import statistics
import sys
import time
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

import orjson  # noqa: E402
from django.template.loader import get_template  # noqa: E402

import djwire.live.http  # noqa: E402
from bench.benchapp.views import TableView  # noqa: E402
from djwire.testing import AsyncLiveViewTestClient  # noqa: E402

REPEAT = 30
TAIL = 300


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


class _Timed:
    """Times the HTTP render inside the test client's mount (what the browser's GET costs)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._serve = djwire.live.http.serve_http

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return self._serve(*args, **kwargs)
        finally:
            self.seconds = time.perf_counter() - start


async def measure(size: int) -> dict[str, Any]:
    client = AsyncLiveViewTestClient(TableView)
    timed = _Timed()
    djwire.live.http.serve_http = timed
    start = time.perf_counter()
    try:
        join_reply = await client.mount(size=size)
    finally:
        djwire.live.http.serve_http = timed._serve
    mount_seconds = time.perf_counter() - start
    join_bytes = len(orjson.dumps(client.frames[-1]))
    http_bytes = len(client.http_html.encode())
    session = client.server_join().mounted

    def server_time(name: str, params_for: Any) -> tuple[float, int]:
        times, sizes = [], []
        for i in range(REPEAT):
            params = params_for(i)
            start = time.process_time()  # CPU time: the machine may be shared
            reply = session.handle_event(name, params)
            times.append(time.process_time() - start)
            sizes.append(len(orjson.dumps([7, "lv:1", "ok", reply])))
        return median_ms(times), int(statistics.median(sizes))

    results: dict[str, Any] = {"rows": size}
    results["a_one_row_ms"], results["a_one_row_bytes"] = server_time(
        "set_price", lambda i: {"index": size // 2, "price": f"{i}.50"}
    )
    results["b_counter_ms"], results["b_counter_bytes"] = server_time("bump", lambda i: {})
    results["c_insert_ms"], results["c_insert_bytes"] = server_time(
        "insert", lambda i: {"index": size // 2}
    )
    results["e_delete_ms"], results["e_delete_bytes"] = server_time(
        "delete", lambda i: {"index": size // 2}
    )
    results["f_move_ms"], results["f_move_bytes"] = server_time(
        "move", lambda i: {"source": size // 4, "target": size // 2}
    )
    results["g_reload_ms"], results["g_reload_bytes"] = server_time(
        "reload", lambda i: {"index": size // 2, "price": f"{i}.75"}
    )
    # What the handler itself spends building its new list, measured on the same rows held as
    # a plain list (so what djwire does when the handler reads the tracked list, and after it
    # assigns, stays in djwire's part), in this process, with garbage collection on.
    plain = [dict(row) for row in list.copy(session.view.rows)]
    building = []
    for i in range(REPEAT):
        start = time.process_time()
        fresh = [dict(row) for row in plain]
        fresh[size // 2]["price"] = f"{i}.75"
        del fresh
        building.append(time.process_time() - start)
    del plain
    results["g_reload_user_code_ms"] = median_ms(building)
    results["g_reload_djwire_ms"] = results["g_reload_ms"] - results["g_reload_user_code_ms"]

    # Round trip through the socket (in-memory ASGI, as the browser's frame would go).
    trips = []
    for i in range(REPEAT):
        start = time.perf_counter()
        await client.send_event("set_price", index=size // 3, price=f"{i}.25")
        trips.append(time.perf_counter() - start)
    results["a_round_trip_ms"] = median_ms(trips)
    # The tail, garbage collection on as users run it: changes, inserts and deletes in turn.
    kinds = [
        ("set_price", lambda i: {"index": size // 3, "price": f"{i}.25"}),
        ("insert", lambda i: {"index": size // 2}),
        ("delete", lambda i: {"index": size // 2}),
    ]
    tail = []
    for i in range(TAIL):
        name, params = kinds[i % len(kinds)]
        start = time.perf_counter()
        await client.send_event(name, **params(i))
        tail.append(time.perf_counter() - start)
    tail.sort()
    results["round_trip_p50_ms"] = tail[len(tail) // 2] * 1000
    results["round_trip_p99_ms"] = tail[int(len(tail) * 0.99)] * 1000
    results["round_trip_max_ms"] = tail[-1] * 1000

    # Baseline: Django renders the whole page for the same state.
    template = get_template(TableView.template_name)
    context = session.view.get_context_data()
    baseline = []
    for _ in range(max(5, REPEAT // 3)):
        start = time.perf_counter()
        html = template.render(context)
        baseline.append(time.perf_counter() - start)
    results["baseline_full_render_ms"] = median_ms(baseline)
    results["baseline_full_render_bytes"] = len(html.encode())
    results["d_http_render_ms"] = timed.seconds * 1000
    results["d_join_ms"] = (mount_seconds - timed.seconds) * 1000
    results["d_http_bytes"] = http_bytes
    results["d_join_reply_bytes"] = join_bytes
    results["d_join_reply_resends_page"] = "t" in join_reply
    await client.close()
    return results


def table(rows: list[dict[str, Any]]) -> str:
    def ms(value: float) -> str:
        return f"{value:.3f} ms" if value < 10 else f"{value:.1f} ms"

    lines = []
    for r in rows:
        lines.append(f"== {r['rows']:,} rows")
        events = [
            ("(a) change one row", "a_one_row"),
            ("(b) counter beside the list", "b_counter"),
            ("(c) insert one row", "c_insert"),
            ("(e) delete one row", "e_delete"),
            ("(f) move one row", "f_move"),
            ("(g) reassign the list, one row changed", "g_reload"),
        ]
        for label, key in events:
            lines.append(f"  {label:<42} {ms(r[key + '_ms']):>10}  {r[key + '_bytes']:>5} B")
        lines.append(
            f"  {'    of which the handler builds its list':<42} "
            f"{ms(r['g_reload_user_code_ms']):>10}"
        )
        lines.append(f"  {'    of which djwire (the rest)':<42} {ms(r['g_reload_djwire_ms']):>10}")
        lines.append(f"  {'(a) socket round trip, median':<42} {ms(r['a_round_trip_ms']):>10}")
        lines.append(
            f"  {'round trips a/c/e x' + str(TAIL) + ': p50 / p99 / max':<42} "
            f"{ms(r['round_trip_p50_ms']):>10} / {ms(r['round_trip_p99_ms'])} / "
            f"{ms(r['round_trip_max_ms'])}"
        )
        lines.append(
            f"  {'(d) HTTP render / join after it':<42} {ms(r['d_http_render_ms']):>10} / "
            f"{ms(r['d_join_ms'])}"
        )
        lines.append(
            f"  {'(d) HTTP page / join reply':<42} {r['d_http_bytes']:>10,} B / "
            f"{r['d_join_reply_bytes']} B"
        )
        lines.append(
            f"  {'baseline: Django renders the whole page':<42} "
            f"{ms(r['baseline_full_render_ms']):>10}  {r['baseline_full_render_bytes']:,} B"
        )
    return "\n".join(lines)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10_000]
    results = [asyncio.run(measure(size)) for size in sizes]
    print(table(results))
    out = ROOT / "bench" / "results" / f"event_roundtrip-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
