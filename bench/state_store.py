"""What the file store's expiry costs the thread that saves view state, as records pile up.

    .venv/bin/python bench/state_store.py          # 1,000 / 10,000 / 50,000 stored records

One record per page load is kept for ``state_ttl`` (a day by default), so the state directory
of a busy site holds tens of thousands of files. Measured in the same run, on the same files:

- djwire: ``FileStore.save`` of one 2 KB record (median, p99 and worst of 2,000 saves, each
  in a fresh time bucket every 500 saves so the sweep runs as it does in service), and one
  ``sweep()`` when nothing has expired.
- baseline: the flat layout's sweep that djwire had before (every record's ``stat``, on the
  saving thread): what 1% of saves paid.

Results go to bench/results/state_store-<date>.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from djwire.store import FileStore  # noqa: E402

RECORD = os.urandom(2048)
SAVES = 2000


class _Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def flat_sweep(directory: str, limit: float) -> None:
    """The expiry djwire had before buckets: a stat of every record in the directory."""
    for entry in os.scandir(directory):
        for inner in os.scandir(entry.path) if entry.is_dir() else [entry]:
            if inner.stat().st_mtime < limit:
                os.unlink(inner.path)


def measure(stored: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        clock = _Clock()
        store = FileStore(directory, ttl=86400, clock=clock)
        for index in range(stored):
            store.save(f"live{index}", RECORD)
        samples = []
        for index in range(SAVES):
            if index % 500 == 0:
                clock.now += store.span  # a new bucket: this save starts a sweep
            start = time.perf_counter()
            store.save(f"new{index}", RECORD)
            samples.append(time.perf_counter() - start)
        start = time.perf_counter()
        store.sweep()
        sweep = time.perf_counter() - start
        assert store.load("live0") == RECORD, "nothing has expired yet"
        start = time.perf_counter()
        flat_sweep(directory, clock.now - store.ttl)
        baseline = time.perf_counter() - start
    samples.sort()
    return {
        "stored": stored,
        "save_p50_ms": statistics.median(samples) * 1000,
        "save_p99_ms": samples[int(len(samples) * 0.99)] * 1000,
        "save_max_ms": samples[-1] * 1000,
        "sweep_ms": sweep * 1000,
        "baseline_full_scan_ms": baseline * 1000,
    }


def main() -> None:
    rows = [measure(stored) for stored in (1000, 10_000, 50_000)]
    print(
        f"{'stored':>8} {'save p50':>9} {'save p99':>9} {'save max':>9} "
        f"{'sweep':>9} {'full scan (before)':>19}"
    )
    for row in rows:
        print(
            f"{row['stored']:>8,} {row['save_p50_ms']:>7.3f}ms {row['save_p99_ms']:>7.3f}ms "
            f"{row['save_max_ms']:>7.3f}ms {row['sweep_ms']:>7.3f}ms "
            f"{row['baseline_full_scan_ms']:>17.1f}ms"
        )
    out = ROOT / "bench" / "results" / f"state_store-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps(rows, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
