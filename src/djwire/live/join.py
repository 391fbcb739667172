"""A LiveView joined on a socket: the join kind ``lv:`` (``join_liveview``) and the join at work
(``LiveViewJoin``): events, pushes and ticks applied one at a time, in order.

Everything that changes the view goes through one lock, fair in arrival order, so a push that
arrives while a user event runs is applied after it, never dropped. Each result is queued on
the socket before the lock is released, so frames leave in the order the changes were made.

Sync work runs in the handler pool (djwire.transport.pool): a user's event on the lane that
is refused when full, pushes and ticks on the background lane; the handlers of a push, one per
view it reaches, in batched hops (djwire.transport.batches) rather than a hop per view.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import inspect
import logging
import weakref
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from django.core.exceptions import SynchronousOnlyOperation

from djwire import conf
from djwire.codec.types import is_immutable
from djwire.live.grant import make_token, read_token
from djwire.live.mounted import MountedView
from djwire.live.protocol import (
    EVENT_DIFF,
    EVENT_EVENT,
    EVENT_PUSH,
    EVENT_RESYNC,
    PAYLOAD_FINGERPRINTS,
    PAYLOAD_HANDLER,
    PAYLOAD_PARAMS,
    PAYLOAD_VERSION,
    DiffPayload,
    LiveJoinReply,
    PushPayload,
    Reply,
    ResyncPayload,
)
from djwire.live.push import groups_of
from djwire.live.resume import mount_afresh, open_view
from djwire.live.saver import get_saver
from djwire.pubsub import Message, get_hub
from djwire.transport.batches import run_batched
from djwire.transport.binding import socket_binding
from djwire.transport.errors import ProtocolError
from djwire.transport.joins import Socket
from djwire.transport.pool import get_pool
from djwire.transport.protocol import (
    ERROR_UNKNOWN_EVENT,
    EVENT_ERROR,
    EVENT_OK,
    PAYLOAD_TOKEN,
)

logger = logging.getLogger("djwire.live")

# The render memo of a push, shared by the views of this process that receive it (fanout.py);
# kept here, not in the message, and gone with the message.
_memos: weakref.WeakKeyDictionary[Message, dict[Any, Any]] = weakref.WeakKeyDictionary()


# The name of a view's tick task (tests look for it: no tick task outlives its join).
TICK_TASK = "djwire tick"


def next_tick(due: float, now: float, interval: float) -> float:
    """When the tick after the one that was ``due`` runs, seen at ``now``. Ticks keep their
    phase (no drift) and never stack: a slow tick skips the ticks it overran instead of
    running them back to back."""
    due += interval
    late = now - due
    if late > 0:
        due += interval * (int(late // interval) + 1)
    return due


async def join_liveview(
    socket: Socket, topic: str, payload: dict[str, Any]
) -> tuple[LiveViewJoin, LiveJoinReply]:
    """Join a LiveView (the ``lv:`` join kind): resume its saved state, or mount it afresh."""
    binding = socket_binding(socket.scope)
    grant = read_token(payload.get(PAYLOAD_TOKEN), binding)
    client_version = payload.get(PAYLOAD_VERSION)
    known = payload.get(PAYLOAD_FINGERPRINTS) or []
    sent = {f for f in known if isinstance(f, str)} if isinstance(known, list) else set()

    def open_in_thread() -> tuple[MountedView, str, bool, dict[str, Any] | None]:
        # One hop for the mount (or resume), the render and the first save.
        mounted, opened = open_view(socket.scope, grant, sent)
        current = opened != "fresh" and client_version == mounted.version
        tree = None
        if not (opened == "held" and current):
            # Rebuild the last render (the diffs' base); the page needs it only when behind.
            tree = mounted.render_tree()
        if opened == "fresh":
            mounted.save()
        return mounted, opened, current, tree

    mounted, opened, current, tree = await get_pool().run(open_in_thread)
    reply = LiveJoinReply(v=mounted.version, tk=make_token(grant, binding))
    if tree is not None and not current:
        reply["t"] = tree
    join = LiveViewJoin(socket, topic, mounted)
    if opened == "held":
        join.schedule_save()  # behind the reply: a reconnect resumes it
    return join, reply


class LiveViewJoin:
    """One LiveView joined on a socket."""

    # One per joined view, held for as long as the page is open: slots, and what only pushes
    # need made by the first push (an idle view holds no deque of 64 slots nor empty set).
    __slots__ = (
        "_closed",
        "_groups",
        "_lock",
        "_seen",
        "_tasks",
        "_ticker",
        "grant_key",
        "mounted",
        "socket",
        "topic",
    )

    def __init__(self, socket: Socket, topic: str, mounted: MountedView) -> None:
        self.socket = socket
        self.topic = topic
        self.mounted = mounted
        # What the socket counts joins of one token by (DJWIRE["max_joins_per_token"]).
        self.grant_key = f"lv:{mounted.grant.instance_id}"
        self._lock = asyncio.Lock()
        self._groups: list[str] = []
        self._seen: deque[str] | None = None  # push ids: a push to two groups counts once
        self._ticker: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] | None = None  # pushes being applied
        self._closed = False

    async def start(self) -> None:
        hub = get_hub()
        self._groups = list(dict.fromkeys(groups_of(self.mounted.view)))
        for group in self._groups:
            await hub.subscribe(group, id(self), self.receive_push, self.pushes_lost)
        if self.mounted.view.tick_interval:
            ticks = self._tick_loop(self.mounted.view.tick_interval)
            self._ticker = asyncio.create_task(ticks, name=f"{TICK_TASK} {self.topic}")

    async def leave(self) -> None:
        self._closed = True
        hub = get_hub()
        for group in self._groups:
            await hub.unsubscribe(group, id(self))
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        for task in list(self._tasks or ()):
            task.cancel()
        await get_saver().flush(self)

    # -- user events ---------------------------------------------------------------------

    async def handle(self, ref: int | None, event: str, payload: dict[str, Any]) -> None:
        if event != EVENT_EVENT:
            raise ProtocolError(ERROR_UNKNOWN_EVENT, f"a LiveView join knows only {EVENT_EVENT!r}")
        name, params = payload.get(PAYLOAD_HANDLER), payload.get(PAYLOAD_PARAMS, {})
        async with self._lock:
            if inspect.iscoroutinefunction(self.mounted.event_handler(name)):
                reply = await self.mounted.ahandle_event(name, params)
            else:
                reply = await get_pool().run(lambda: self.mounted.handle_event(name, params))
            saved = "d" in reply and conf.get("save_before_reply")
            if saved:
                # Kept before it is acknowledged: a kill -9 after the ok cannot lose it.
                await get_saver().save_now(self)
            self.socket.send_frame(ref, self.topic, EVENT_OK, reply)
            self._after(reply, saved=saved)

    # -- server pushes -------------------------------------------------------------------

    @property
    def view(self) -> Any:
        """The view instance (for tests and tools; never change it from outside the join)."""
        return self.mounted.view

    def receive_push(self, message: Message) -> None:
        """Called by the hub for each push to a group this view listens to."""
        push = message.value
        if self._seen is None:
            self._seen = deque(maxlen=64)
        if self._closed or push["id"] in self._seen:
            return
        self._seen.append(push["id"])
        self._spawn(self._apply_push(message))

    def pushes_lost(self) -> None:
        """Called by the hub when pushes to this view were lost for good: resync."""
        self._spawn(self._resync())

    async def _resync(self) -> None:
        async with self._lock:
            if self._closed:
                return
            # Mounted afresh, not restored: the saved state misses the lost pushes too.
            scope, grant, version = self.socket.scope, self.mounted.grant, self.mounted.version

            def remount() -> tuple[MountedView, dict[str, Any]]:
                fresh = mount_afresh(scope, grant, version + 1)
                return fresh, fresh.render_tree()

            try:
                mounted, tree = await get_pool().run_background(remount)
            except ProtocolError as error:
                refusal = error.payload()
                self.socket.send_frame(None, self.topic, EVENT_ERROR, refusal)
                return
            self.mounted = mounted
            payload = ResyncPayload(v=mounted.version, t=tree)
            self.socket.send_frame(None, self.topic, EVENT_RESYNC, payload)
            self.schedule_save()

    def _spawn(self, work: Any) -> None:
        # A fresh context: a push published from a sync handler (push_to_view inside
        # async_to_sync) must not hand this task that call's short-lived thread executor.
        task = asyncio.create_task(work, context=contextvars.Context())
        if self._tasks is None:
            self._tasks = set()
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _apply_push(self, message: Message) -> None:
        async with self._lock:
            if self._closed:
                return
            handler = message.value["handler"]
            if handler is None:
                # Setting state and rendering plain data needs no thread: no hop per browser.
                state = message.value["state"]
                memo = _memos.setdefault(message, {})
                await self._arun(_in_loop(lambda: self.mounted.apply_state_push(state, memo)))
            elif inspect.iscoroutinefunction(getattr(self.mounted.view, handler, None)):
                push = message.decode()  # a copy of its own: a handler may change it
                memo = _memos.setdefault(message, {})
                change = self.mounted.aapply_push(
                    push["state"], handler, push["payload"], run_batched, memo
                )
                await self._arun(change)
            else:
                # Batched with the other views this push reaches: a few hops for all of them.
                memo = _memos.setdefault(message, {})
                mounted = self.mounted
                await self._arun(run_batched(lambda: _apply_handler_push(mounted, message, memo)))

    # -- ticks -----------------------------------------------------------------------------

    async def _tick_loop(self, interval_ms: int) -> None:
        loop = asyncio.get_running_loop()
        interval = interval_ms / 1000
        due = loop.time() + interval
        while not self._closed:
            await asyncio.sleep(max(0.0, due - loop.time()))
            async with self._lock:
                await self._arun(get_pool().run_background(self.mounted.tick))
            due = next_tick(due, loop.time(), interval)

    # -- shared ----------------------------------------------------------------------------

    async def _arun(self, change: Awaitable[Reply]) -> None:
        """Await a server-side change (in the lock) and send its diff as a ``diff`` frame."""
        try:
            reply = await change
        except ProtocolError as error:
            self.socket.send_frame(None, self.topic, EVENT_ERROR, error.payload())
            return
        if "d" in reply:
            diff = DiffPayload(v=reply["v"], d=reply["d"])
            self.socket.send_frame(None, self.topic, EVENT_DIFF, diff)
        self._after(reply)

    def _after(self, reply: Reply, saved: bool = False) -> None:
        for event, payload in self.mounted.take_events():
            push = PushPayload(event=event, payload=payload)
            self.socket.send_frame(None, self.topic, EVENT_PUSH, push)
        if "d" in reply and not saved:
            self.schedule_save()

    def schedule_save(self) -> None:
        """Save after the frame is queued (batched with other views; see saver.py)."""
        get_saver().want(self)

    def busy(self) -> bool:
        return self._lock.locked()


def _apply_handler_push(mounted: MountedView, message: Message, memo: dict[Any, Any]) -> Reply:
    push = memo.get("plain")
    if push is None:
        # Decoded here, in the thread: a copy per view (a handler may change what it is
        # given), made off the event loop; the shared value when it holds plain values only.
        push = message.decode()
        if _plain(push["state"]) and _plain(push["payload"]):
            memo["plain"] = message.value
    return mounted.apply_push(push["state"], push["handler"], push["payload"], memo)


def _plain(values: dict[str, Any] | None) -> bool:
    return values is None or all(map(is_immutable, values.values()))


async def _in_loop(work: Callable[[], Reply]) -> Reply:
    """Run ``work`` on the event loop; in a pool thread if it turns out to need the database."""
    try:
        return work()
    except SynchronousOnlyOperation:
        pass
    reply: Reply = await get_pool().run_background(work)
    return reply
