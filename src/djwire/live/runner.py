"""A joined LiveView at work: events, pushes and ticks applied one at a time, in order.

Everything that changes the view goes through one lock, fair in arrival order, so a push that
arrives while a user event runs is applied after it, never dropped. Each result is queued on
the socket before the lock is released, so frames leave in the order the changes were made.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from channels.db import database_sync_to_async
from django.core.exceptions import SynchronousOnlyOperation

from djwire.live.push import groups_of
from djwire.live.saver import get_saver
from djwire.live.session import ViewSession
from djwire.pubsub import get_hub
from djwire.transport import ProtocolError, Socket
from djwire.transport.protocol import (
    ERROR_UNKNOWN_EVENT,
    EVENT_DIFF,
    EVENT_ERROR,
    EVENT_EVENT,
    EVENT_OK,
    EVENT_PUSH,
)

logger = logging.getLogger("djwire.live")


class LiveJoin:
    """One LiveView joined on a socket."""

    def __init__(self, socket: Socket, topic: str, session: ViewSession) -> None:
        self.socket = socket
        self.topic = topic
        self.session = session
        self._lock = asyncio.Lock()
        self._groups: list[str] = []
        self._seen: deque[str] = deque(maxlen=64)  # push ids: a push to two groups counts once
        self._ticker: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    async def start(self) -> None:
        hub = get_hub()
        self._groups = list(dict.fromkeys(groups_of(self.session.view)))
        for group in self._groups:
            await hub.subscribe(group, id(self), self.receive_push)
        if self.session.view.tick_interval:
            self._ticker = asyncio.create_task(self._tick_loop(self.session.view.tick_interval))

    async def leave(self) -> None:
        self._closed = True
        hub = get_hub()
        for group in self._groups:
            await hub.unsubscribe(group, id(self))
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        for task in list(self._tasks):
            task.cancel()
        await get_saver().flush(self)

    # -- user events ---------------------------------------------------------------------

    async def handle(self, ref: int | None, event: str, payload: dict[str, Any]) -> None:
        if event != EVENT_EVENT:
            raise ProtocolError(ERROR_UNKNOWN_EVENT, f"a LiveView join knows only {EVENT_EVENT!r}")
        async with self._lock:
            run = self.session.handle_event
            reply = await database_sync_to_async(run)(payload.get("e"), payload.get("p", {}))
            self.socket.send_frame(ref, self.topic, EVENT_OK, reply)
            self._after(reply)

    # -- server pushes -------------------------------------------------------------------

    def receive_push(self, push: dict[str, Any]) -> None:
        """Called by the hub for each push to a group this view listens to."""
        if self._closed or push["id"] in self._seen:
            return
        self._seen.append(push["id"])
        # A fresh context: a push published from a sync handler (push_to_view inside
        # async_to_sync) must not hand this task that call's short-lived thread executor.
        task = asyncio.create_task(self._apply_push(push), context=contextvars.Context())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _apply_push(self, push: dict[str, Any]) -> None:
        state, handler = push["state"], push["handler"]
        async with self._lock:
            if self._closed:
                return
            if handler is None:
                # Setting state and rendering plain data needs no thread: no hop per browser.
                memo = push.setdefault("memo", {})  # shared by the views of this process
                await self._run(lambda: self.session.apply_state_push(state, memo), in_loop=True)
            else:
                payload = push["payload"]
                await self._run(lambda: self.session.apply_push(state, handler, payload))

    # -- ticks -----------------------------------------------------------------------------

    async def _tick_loop(self, interval_ms: int) -> None:
        loop = asyncio.get_running_loop()
        interval = interval_ms / 1000
        due = loop.time() + interval
        while not self._closed:
            await asyncio.sleep(max(0.0, due - loop.time()))
            async with self._lock:
                await self._run(self.session.tick)
            # Ticks keep their phase (no drift) and never stack: a slow tick skips the ones
            # it overran instead of running them back to back.
            due += interval
            late = loop.time() - due
            if late > 0:
                due += interval * (int(late // interval) + 1)

    # -- shared ----------------------------------------------------------------------------

    async def _run(self, work: Callable[[], dict[str, Any]], in_loop: bool = False) -> None:
        """Run a server-side change (in the lock) and send its diff as a ``diff`` frame."""
        try:
            if in_loop:
                try:
                    reply = work()
                except SynchronousOnlyOperation:
                    reply = await database_sync_to_async(work)()
            else:
                reply = await database_sync_to_async(work)()
        except ProtocolError as error:
            payload = {"code": error.code, "reason": error.reason}
            self.socket.send_frame(None, self.topic, EVENT_ERROR, payload)
            return
        if "d" in reply:
            self.socket.send_frame(None, self.topic, EVENT_DIFF, {"v": reply["v"], "d": reply["d"]})
        self._after(reply)

    def _after(self, reply: dict[str, Any]) -> None:
        for event, payload in self.session.take_events():
            self.socket.send_frame(
                None, self.topic, EVENT_PUSH, {"event": event, "payload": payload}
            )
        if "d" in reply:
            self.schedule_save()

    def schedule_save(self) -> None:
        """Save after the frame is queued (batched with other views; see saver.py)."""
        get_saver().want(self)

    def busy(self) -> bool:
        return self._lock.locked()
