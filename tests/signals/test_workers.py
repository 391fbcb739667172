"""The worker pools of djwire.signals.workers, in processes of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from djwire.signals import workers
from djwire.signals.processing import unpack_kwargs
from djwire.signals.window_info import WindowInfo

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


def test_the_channels_mode_sends_the_signal_to_the_channel_of_its_queue(settings):
    settings.DJWIRE = {**settings.DJWIRE, "signal_workers": "channels"}
    layer = get_channel_layer()
    assert layer is not None
    window = WindowInfo.from_dict({"window_key": "w1"}).to_dict()
    args = ["test.typed", window, {"count": 3}, False, None, True, "slow"]
    workers.submit("slow", args, None, None)
    message = async_to_sync(layer.receive)("slow")
    assert message["type"] == workers.CHANNELS_MESSAGE
    name, window_dict, kwargs, *rest = message["args"]
    assert (name, window_dict, unpack_kwargs(kwargs), rest) == (
        "test.typed",
        window,
        {"count": 3},
        [False, None, True, "slow"],
    )
