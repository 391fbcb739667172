"""What DJWIRE["save_before_reply"] costs per event: the reply to an event that changes one row
of N, through the socket path (in-process), with the state saved behind the reply (the
default, the baseline of the same run) and before it (the state encoded and written to the
default file store inside the event).

    .venv/bin/python bench/save_before_reply.py            # 1,000 and 10,000 rows
    .venv/bin/python bench/save_before_reply.py 100000     # other sizes

Reported: the median and p99 time until the reply of REPEAT events; results go to
bench/results/save_before_reply-<date>.json.
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

from django.conf import settings  # noqa: E402
from django.test import override_settings  # noqa: E402

from bench.benchapp.views import TableView  # noqa: E402
from djwire.testing import AsyncLiveViewTestClient  # noqa: E402

REPEAT = 50


async def reply_times(size: int, save_before_reply: bool) -> list[float]:
    with override_settings(DJWIRE={**settings.DJWIRE, "save_before_reply": save_before_reply}):
        async with AsyncLiveViewTestClient(TableView) as client:
            await client.mount(size=size)
            times = []
            for i in range(REPEAT):
                start = time.perf_counter()
                await client.send_event("set_price", index=size // 2, price=f"{i}.25")
                times.append(time.perf_counter() - start)
                await asyncio.sleep(0.02)  # let the save behind the reply run, as between clicks
            return times


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(times) * 1000, p99 * 1000


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10_000]
    results: list[dict[str, Any]] = []
    print("rows   | saved behind the reply: p50 / p99 | saved before it: p50 / p99 | cost p50")
    for size in sizes:
        behind = summary(asyncio.run(reply_times(size, False)))
        before = summary(asyncio.run(reply_times(size, True)))
        results.append(
            {
                "rows": size,
                "behind_p50_ms": behind[0],
                "behind_p99_ms": behind[1],
                "before_p50_ms": before[0],
                "before_p99_ms": before[1],
            }
        )
        print(
            f"{size:>6} | {behind[0]:>14.2f} ms / {behind[1]:>7.2f} ms "
            f"| {before[0]:>10.2f} ms / {before[1]:>7.2f} ms | +{before[0] - behind[0]:.2f} ms"
        )
    out = ROOT / "bench" / "results" / f"save_before_reply-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
