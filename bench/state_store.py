"""What the file store's expiry costs the thread that saves view state, as records pile up.

    .venv/bin/python bench/state_store.py          # 1,000 / 10,000 / 50,000 stored records

One record per page load is kept for ``state_ttl`` (a day by default), so the state directory
of a busy site holds tens of thousands of files. Measured in the same run, on the same files:

- djwire: ``FileStore.save`` of one 2 KB record (median, p99 and worst of 2,000 saves, each
  in a fresh time bucket every 500 saves so the sweep runs as it does in service), and one
  ``sweep()`` when nothing has expired.
- baseline: the flat layout's sweep that djwire had before (every record's ``stat``, on the
  saving thread): what 1% of saves paid.

Then (issue 13) the save of one changed row of a 1,000 / 10,000 / 100,000-row view (the bench's
TableView, its row's price changed by an event), in the same run and on the same view:

- baseline: the whole record encoded and written (``FileStore.save``), as every save was;
- djwire: the delta appended (``FileStore.append``): the encode of the change, done when the
  change is rendered (``noted``), and the write;

median time and bytes of each, with the garbage collector on, as users run it; and the time of
a resume that reads the base and replays the deltas, against reading the base alone.

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
from unittest import mock

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from djwire import codec  # noqa: E402
from djwire.store import FileStore  # noqa: E402

RECORD = os.urandom(2048).replace(b"\n", b" ")  # a record holds no raw newline (store.py)
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


def one_row(size: int, saves: int) -> dict[str, Any]:
    """Full and incremental saves of one changed row of a ``size``-row view, in one run."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from bench.benchapp.views import TableView
    from djwire.live import deltas, resume
    from djwire.live.grant import JoinGrant
    from djwire.live.stateful import run_mount, view_path

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    view = TableView()
    view.setup(request)
    run_mount(view, request, {"size": size})
    grant = JoinGrant(view_path(TableView), {}, "", f"rows{size}", "/")
    mounted = resume._fresh(view, grant, 1, set())
    mounted.render_tree()
    noted: list[float] = []
    note = deltas.Unsaved.note

    def timed_note(self: Any, *args: Any) -> None:
        start = time.perf_counter()
        note(self, *args)
        noted.append(time.perf_counter() - start)

    deltas.Unsaved.note = timed_note  # type: ignore[method-assign]
    full: list[tuple[float, int]] = []
    incremental: list[tuple[float, int]] = []
    with tempfile.TemporaryDirectory() as directory:
        store = FileStore(directory, ttl=86400)
        is_base, base = mounted.records.next(mounted.version)
        assert is_base
        store.save(grant.instance_id, base)
        for index in range(saves):
            # Rows all over the list: finding a changed row's position scans up to it.
            changed = (index * 7919 + size // 2) % size
            mounted.handle_event("set_price", {"index": changed, "price": f"{index}.5"})
            start = time.perf_counter()
            # The baseline: the whole state, as every save was.
            record = mounted.records.whole(mounted.version)
            full.append((time.perf_counter() - start, len(record)))
            with tempfile.TemporaryDirectory() as other:
                start = time.perf_counter()
                FileStore(other, ttl=86400).save(grant.instance_id, record)
                full[-1] = (full[-1][0] + time.perf_counter() - start, len(record))
            start = time.perf_counter()
            is_base, delta = mounted.records.next(mounted.version)
            assert not is_base, "one changed row is a delta"
            assert store.append(grant.instance_id, delta)
            incremental.append((time.perf_counter() - start, len(delta)))
        deltas.Unsaved.note = note  # type: ignore[method-assign]
        start = time.perf_counter()
        with mock.patch.object(resume, "get_store", lambda: store):
            saved = resume._load_saved(grant)
        resume_ms = (time.perf_counter() - start) * 1000
        assert saved is not None and saved["v"] == mounted.version
        assert saved["state"]["rows"][changed]["price"] == f"{saves - 1}.5"
        start = time.perf_counter()
        codec.decode(base)
        base_only_ms = (time.perf_counter() - start) * 1000
    return {
        "rows": size,
        "saves": saves,
        "full_ms": statistics.median(t for t, _ in full) * 1000,
        "full_bytes": statistics.median(b for _, b in full),
        "incremental_ms": statistics.median(t for t, _ in incremental) * 1000,
        "incremental_bytes": statistics.median(b for _, b in incremental),
        "noted_ms": statistics.median(noted) * 1000,
        "resume_ms": resume_ms,
        "resume_base_only_ms": base_only_ms,
    }


def main() -> None:
    changes = [one_row(size, saves) for size, saves in ((1000, 30), (10_000, 20), (100_000, 5))]
    print(
        f"{'rows':>8} | {'full save':>10} {'bytes':>11} | {'incremental':>11} {'bytes':>6} "
        f"{'noted':>8} | {'time ratio':>10} | resume: base + {changes[0]['saves']}/"
        f"{changes[1]['saves']}/{changes[2]['saves']} deltas vs base alone"
    )
    for c in changes:
        print(
            f"{c['rows']:>8,} | {c['full_ms']:>7.2f} ms {c['full_bytes']:>11,.0f} | "
            f"{c['incremental_ms']:>8.3f} ms {c['incremental_bytes']:>6,.0f} "
            f"{c['noted_ms']:>5.3f} ms | {c['full_ms'] / c['incremental_ms']:>9.0f}x | "
            f"{c['resume_ms']:.1f} ms vs {c['resume_base_only_ms']:.1f} ms"
        )
    print()
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
    out.write_text(json.dumps({"expiry": rows, "one_changed_row": changes}, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
