"""The worker pools of djwire.signals.workers, in processes of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A process that triggers a server signal and ends at once, as a management command does.
_TRIGGER_AND_EXIT = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from asgiref.sync import async_to_sync
    from djwire.signals.decorators import signal
    from djwire.signals.tasks import SERVER, trigger

    async def write(path):
        with open(path, "w") as file:
            file.write("ran")

    @signal(path="exit.late")
    def late(window_info, path: str):
        time.sleep(0.2)  # still running when the main thread ends
        async_to_sync(write)(path)  # what a trigger to windows does from a worker thread

    trigger(None, "exit.late", to=[SERVER], path=sys.argv[1])
    """
)


def _run(code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_process_that_exits_after_a_trigger_runs_its_signal_to_the_end(tmp_path):
    # Regression: the thread pool ran it while the interpreter shut down, where async_to_sync
    # fails with "cannot schedule new futures after interpreter shutdown".
    out = tmp_path / "out"
    result = _run(_TRIGGER_AND_EXIT, str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert out.read_text() == "ran"
