"""The Channels worker of the ``channels`` mode, as ``runworker`` runs it."""

from __future__ import annotations

import pytest
from channels.testing import ApplicationCommunicator

from djwire.signals.consumers import SignalWorkerConsumer
from djwire.signals.processing import pack_kwargs
from djwire.signals.window_info import WindowInfo
from djwire.signals.workers import CHANNELS_MESSAGE
from djwire.testing import wait_until
from tests.testapp import signals as test_signals


@pytest.fixture(autouse=True)
def no_calls_yet():
    test_signals.calls.clear()


async def test_the_worker_runs_the_signals_sent_to_its_channel_one_after_the_other():
    # Regression: a SyncConsumer made async_to_sync warn about the worker's `send` (a
    # "non-async-marked callable"), an error under -W error, once per worker started.
    worker = ApplicationCommunicator(
        SignalWorkerConsumer.as_asgi(), {"type": "channel", "channel": "celery"}
    )
    window = WindowInfo().to_dict()
    for count in (1, 2):
        args = ["test.typed", window, pack_kwargs({"count": count}), False, None, True, "celery"]
        await worker.send_input({"type": CHANNELS_MESSAGE, "args": args})
    await wait_until(lambda: len(test_signals.calls) == 2)
    assert test_signals.calls == [("test.typed", 1), ("test.typed", 2)]
    worker.stop()
