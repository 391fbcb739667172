"""The socket fuzzer's long run: tens of thousands of frames, and the server's memory.

    .venv/bin/python bench/fuzz.py              # 1,000 sockets (LONG_SOCKETS)
    .venv/bin/python bench/fuzz.py 3000

The frames are tests/fuzz/'s, drawn by hypothesis under the ``long`` profile, fresh each run.
They are drawn in a child process and replayed here through tests/fuzz/harness.py, the
properties of the CI run included (every frame answered with a documented code, nothing
closed, the page still served, nothing left behind). Here, because hypothesis keeps a record
of every example it drew (tens of MB per thousand examples of these strategies): in the same
process its growth would hide the socket's. ``HYPOTHESIS_PROFILE=long pytest tests/fuzz``
runs the same draws with shrinking, to find the smallest failing example.

Reported: sockets, frames, answers by code, failures, and this process's RSS every 100
sockets: its peak in the last third of the run against the first (flat: within 10%).
Results go to bench/results/fuzz-<date>.json.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import pathlib
import pickle
import subprocess
import sys
import tempfile
import time
import traceback
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["HYPOTHESIS_PROFILE"] = "long"

LONG_SOCKETS = 1_000
MB = 1024 * 1024


def draw(count: int, path: str) -> None:
    """Write ``count`` drawn frame lists (one per socket) to ``path`` (the child's job)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from tests.fuzz.frames import limit_frames, outgoing

    with open(path, "wb") as out:
        # Three in four sockets get any garbage, one in four frames at the limits.
        mixed = st.one_of(outgoing, outgoing, outgoing, limit_frames)

        @settings(
            max_examples=count,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(st.lists(mixed, min_size=10, max_size=40))
        def record(frames: list[Any]) -> None:
            pickle.dump(frames, out)

        record()


def plans(path: str) -> Any:
    with open(path, "rb") as stream:
        while True:
            try:
                yield pickle.load(stream)
            except EOFError:
                return


def replay(path: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # A shared in-memory database, as pytest-django's: the socket's threads see its rows.
    connection.creation.create_test_db(verbosity=0)
    from tests.fuzz.harness import TALLY, FuzzedSocket, resident_bytes
    from tests.sync.app.models import Project

    project = Project.objects.create(name="fuzzed")
    failures: list[str] = []
    # Refusals are logged at WARNING, one line each: counted by code in the tally instead.
    logged = _Count()
    logging.getLogger("djwire").addHandler(logged)

    async def one(frames: list[Any]) -> None:
        socket = FuzzedSocket(project.pk)
        await socket.open()
        for frame in frames:
            await socket.send(frame)
        await socket.still_works()
        await socket.close_and_check()

    from django.conf import settings
    from django.test import override_settings

    # As tests/fuzz/conftest.py: each socket's loop ends with it, and so must its histories.
    with override_settings(DJWIRE={**settings.DJWIRE, "sync_history_grace": 0}):
        for frames in plans(path):
            try:
                asyncio.run(one(frames))
            except Exception:
                failures.append(f"{traceback.format_exc(limit=3)}\nframes: {frames!r}"[:4000])
    samples = [*TALLY.rss, (TALLY.sockets, resident_bytes())]
    return {"tally": TALLY, "samples": samples, "failures": failures, "errors": logged.errors}


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.errors += record.levelno >= logging.ERROR


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else LONG_SOCKETS
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "frames.pickle")
        child = [sys.executable, __file__, "--draw", str(count), path]
        subprocess.run(child, check=True, cwd=ROOT)
        drawn = time.monotonic() - start
        run = replay(path)
    seconds = time.monotonic() - start
    tally, samples, failures = run["tally"], run["samples"], run["failures"]
    # Big frames (64 KiB strings, 10,000-value lists) make RSS swing by ~15% as the allocator
    # takes and returns memory: a leak is the peak of the last third above the peak of the
    # first third (after the first 100 sockets, which load what a process loads once).
    warmed = samples[1:] if len(samples) > 3 else samples
    third = max(1, len(warmed) // 3)
    warm = max(warmed[:third], key=lambda sample: sample[1])
    end = max(warmed[-third:], key=lambda sample: sample[1])
    growth = (end[1] - warm[1]) / warm[1]
    result = {
        "python": sys.version.split()[0],
        "sockets": tally.sockets,
        "frames": tally.frames,
        "failures": len(failures),
        "errors_logged": run["errors"],
        "seconds_drawing": round(drawn, 1),
        "seconds": round(seconds, 1),
        "answers": dict(sorted(tally.codes.items(), key=lambda item: -item[1])),
        "rss_peak_first_third_mb": round(warm[1] / MB, 1),
        "rss_peak_last_third_mb": round(end[1] / MB, 1),
        "rss_growth": round(growth, 4),
        "rss_samples_mb": [(n, round(rss / MB, 1)) for n, rss in samples],
        "first_failures": failures[:3],
    }
    for failure in failures[:3]:
        print(failure, "\n")
    print(
        f"sockets {tally.sockets}, frames {tally.frames}, failures {len(failures)}, {seconds:.0f} s"
    )
    for code, n in result["answers"].items():
        print(f"  {code:<18} {n:>7}")
    print(
        f"RSS peak: {result['rss_peak_first_third_mb']} MB in the first third, "
        f"{result['rss_peak_last_third_mb']} MB in the last ({growth:+.1%}; flat: within 10%)"
    )
    out = ROOT / "bench" / "results" / f"fuzz-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"written to {out.relative_to(ROOT)}")
    return 0 if not failures and abs(growth) <= 0.10 else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--draw"]:
        draw(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(main())
