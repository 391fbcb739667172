"""The Channels worker of the ``channels`` mode, run as ``manage.py runworker`` runs it."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from channels.layers import get_channel_layer
from channels.worker import Worker

from djwire.signals.processing import pack_kwargs
from djwire.signals.routing import channel_router
from djwire.signals.window_info import WindowInfo
from djwire.signals.workers import CHANNELS_MESSAGE
from djwire.testing import wait_until
from tests.testapp import signals as test_signals


@pytest.fixture(autouse=True)
def no_calls_yet():
    test_signals.calls.clear()


async def test_runworker_runs_the_signals_sent_to_the_channel_of_their_queue(settings):
    # Regression: the consumer was a SyncConsumer, and Channels' Worker hands it a `send`
    # lambda that async_to_sync warned about (an error here: warnings are errors).
    settings.DJWIRE = {**settings.DJWIRE, "signal_workers": "channels"}
    layer = get_channel_layer()
    worker = Worker(application=channel_router(), channels=["celery"], channel_layer=layer)
    running = asyncio.ensure_future(worker.handle())
    try:
        window = WindowInfo().to_dict()
        for count in (1, 2):
            kwargs = pack_kwargs({"count": count})
            args = ["test.typed", window, kwargs, False, None, True, "celery"]
            await layer.send("celery", {"type": CHANNELS_MESSAGE, "args": args})
        await wait_until(lambda: len(test_signals.calls) == 2)
        assert test_signals.calls == [("test.typed", 1), ("test.typed", 2)]  # in order
        for instance in worker.application_instances.values():
            assert not instance["future"].done(), instance["future"]  # alive, not failed
    finally:
        futures = [running, *(i["future"] for i in worker.application_instances.values())]
        for future in futures:
            future.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*futures)
