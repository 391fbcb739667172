"""The ``channel`` route of the ``channels`` worker mode (djwire.routing adds it)."""

from __future__ import annotations

from typing import Any


def channel_router() -> Any | None:
    """A ChannelNameRouter sending every signal queue's channel to the signal worker, or None
    when signals do not run in Channels workers."""
    from djwire.signals.workers import CHANNELS, default_queue, worker_mode

    if worker_mode() != CHANNELS:
        return None
    from channels.routing import ChannelNameRouter

    from djwire.signals.consumers import SignalWorkerConsumer
    from djwire.signals.tasks import get_expected_queues, import_signals_and_functions

    import_signals_and_functions()
    consumer = SignalWorkerConsumer.as_asgi()
    queues = get_expected_queues() | {default_queue()}
    return ChannelNameRouter({queue: consumer for queue in sorted(queues)})
