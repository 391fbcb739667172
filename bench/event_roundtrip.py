"""What one event costs on the server, and on the wire, for a view beside a list of N rows.

    .venv/bin/python bench/event_roundtrip.py            # 1,000 and 10,000 rows

For each size: (a) an event that changes one row, (b) one that changes only a counter beside
the list, (c) one that inserts a row in the middle; server time is the handler plus the render
of what changed (median of repeated runs, in-process), wire bytes are the reply frame. The
baseline, measured in the same run, is what a re-render of the whole page costs: Django
rendering the same template with the same state (what a framework that re-renders and diffs
the whole page pays before it even diffs). (d) the bytes of the first HTTP render and of the
join reply. Results go to bench/results/event_roundtrip-<date>.json.
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

from bench.benchapp.views import TableView  # noqa: E402
from djwire.testing import AsyncLiveViewTestClient  # noqa: E402

REPEAT = 30


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def measure(size: int) -> dict[str, Any]:
    client = AsyncLiveViewTestClient(TableView)
    join_reply = await client.mount(size=size)
    join_bytes = len(orjson.dumps(client.frames[-1]))
    http_bytes = len(client.http_html.encode())
    session = client.server_join().mounted

    def server_time(name: str, params_for: Any) -> tuple[float, int]:
        times, sizes = [], []
        for i in range(REPEAT):
            params = params_for(i)
            start = time.perf_counter()
            reply = session.handle_event(name, params)
            times.append(time.perf_counter() - start)
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

    # Round trip through the socket (in-memory ASGI, as the browser's frame would go).
    trips = []
    for i in range(REPEAT):
        start = time.perf_counter()
        await client.send_event("set_price", index=size // 3, price=f"{i}.25")
        trips.append(time.perf_counter() - start)
    results["a_round_trip_ms"] = median_ms(trips)

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
    results["d_http_bytes"] = http_bytes
    results["d_join_reply_bytes"] = join_bytes
    results["d_join_reply_resends_page"] = "t" in join_reply
    await client.close()
    return results


def table(rows: list[dict[str, Any]]) -> str:
    header = (
        f"{'rows':>7} | {'(a) 1 row':>14} | {'(b) counter':>14} | {'(c) insert':>14} | "
        f"{'(a) socket RT':>13} | {'baseline: full render':>24} | {'(d) HTTP / join':>18}"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{r['rows']:>7} | {r['a_one_row_ms']:>7.3f} ms {r['a_one_row_bytes']:>3} B"
            f" | {r['b_counter_ms']:>7.3f} ms {r['b_counter_bytes']:>3} B"
            f" | {r['c_insert_ms']:>7.3f} ms {r['c_insert_bytes']:>3} B"
            f" | {r['a_round_trip_ms']:>10.3f} ms"
            f" | {r['baseline_full_render_ms']:>9.2f} ms {r['baseline_full_render_bytes']:>9} B"
            f" | {r['d_http_bytes']:>9} / {r['d_join_reply_bytes']:>4} B"
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
