"""The Channels worker of the ``channels`` worker mode: ``python manage.py runworker <queue>``.

``djwire.routing.get_asgi_application()`` routes the channel of every queue of the registered
signals (``get_expected_queues()``) to :class:`SignalWorkerConsumer`.
"""

from __future__ import annotations

from typing import Any

from channels.consumer import SyncConsumer

from djwire.signals.processing import process_task


class SignalWorkerConsumer(SyncConsumer):
    """Runs the signals sent to its channel (message type ``djwire.signal``)."""

    def djwire_signal(self, message: dict[str, Any]) -> None:
        process_task(*message["args"])
