"""The Channels worker of the ``channels`` worker mode: ``python manage.py runworker <queue>``.

``djwire.routing.get_asgi_application()`` routes the channel of every queue of the registered
signals (``get_expected_queues()``) to :class:`SignalWorkerConsumer`.
"""

from __future__ import annotations

from typing import Any

from channels.consumer import AsyncConsumer
from channels.db import database_sync_to_async

from djwire.signals.processing import process_task


class SignalWorkerConsumer(AsyncConsumer):
    """Runs the signals sent to its channel (message type ``djwire.signal``), one at a time,
    in a thread (with the thread's stale database connections closed, as for a request)."""

    # Async, not a SyncConsumer: Channels' worker hands a SyncConsumer a `send` that
    # async_to_sync warns about ("non-async-marked callable") for every worker started.
    async def djwire_signal(self, message: dict[str, Any]) -> None:
        await database_sync_to_async(process_task)(*message["args"])
