"""One subscriber per process: receives each push once and hands it to the local views.

Every socket joining Channels groups itself would make the channel layer copy a push once per
socket (the in-memory layer deep-copies per channel). Instead each process has one hub per
event loop: it is the only member of the groups in the channel layer, and it hands the same
``Message`` (bytes, decoded at most once) to every local subscriber. With Redis that is one
Redis message per push per process, whatever the number of browsers.

Subscribing never fails a join: if the channel layer is down (Redis restarting), the hub keeps
the local subscriber and subscribes the process in the background once the layer is back.

On Redis every message of a group is numbered and kept for a while (history.py): the hub
hands them on in order and fills gaps from what is kept (recovery.py); a subscriber whose
group lost messages that are no longer kept is told, through the ``lost`` callback it gave.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from channels.layers import InMemoryChannelLayer, get_channel_layer

from djwire._loop_local import LoopLocal
from djwire.pubsub.history import get_history
from djwire.pubsub.message import Message
from djwire.pubsub.recovery import Recovery
from djwire.transport.serving import serves_sockets

logger = logging.getLogger("djwire.pubsub")

MESSAGE_TYPE = "djwire.push"
Subscriber = Callable[[Message], None]
# Called when messages of a group may have been lost for good: the subscriber resyncs.
Lost = Callable[[], None]
# Seconds between two attempts to subscribe to a group while the channel layer is down.
RETRY_SECONDS = 1.0
# Subscribers handed a message per turn of the event loop (what one turn may hold other users
# up by: each view's share of a push is ~10-30 µs on the loop).
DELIVERY_SLICE = 200


class Hub:
    """The push subscriptions of one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.layer: Any = get_channel_layer()
        self.local: dict[str, dict[int, Subscriber]] = {}
        self._channel: str | None = None
        self._listener: asyncio.Task[None] | None = None
        # Groups this process is a member of in the channel layer. Tracked apart from `local`:
        # a group_add that failed must be tried again, not assumed done by the next subscriber.
        self._joined: set[str] = set()
        self._retries: dict[str, asyncio.Task[None]] = {}
        self._lost: dict[str, dict[int, Lost]] = {}
        self._rejoining: set[asyncio.Task[None]] = set()
        # Messages being handed out a slice at a time: (group, message, subscriber keys, next).
        self._backlog: deque[tuple[str, Message, list[int], int]] = deque()
        self._handed_out = asyncio.Event()  # set while the backlog is empty
        self._handed_out.set()
        history = None if self.is_local_only else get_history(self.layer)
        self.recovery = None if history is None else Recovery(history, self.deliver, self.lost)

    @property
    def is_local_only(self) -> bool:
        """No channel layer, or the in-memory one: pushes never leave this process."""
        return self.layer is None or isinstance(self.layer, InMemoryChannelLayer)

    async def subscribe(
        self, group: str, key: int, subscriber: Subscriber, lost: Lost | None = None
    ) -> None:
        """Hand each message of ``group`` to ``subscriber`` (``key`` names it for
        :meth:`unsubscribe`); ``lost`` is called when some may have been lost for good."""
        self.local.setdefault(group, {})[key] = subscriber
        if lost is not None:
            self._lost.setdefault(group, {})[key] = lost
        if self.is_local_only or group in self._joined:
            return
        try:
            await self._join(group)
        except Exception:
            logger.warning(
                "subscribing to %s failed; retrying every %g s", group, RETRY_SECONDS, exc_info=True
            )
            if group not in self._retries:
                self._retries[group] = asyncio.create_task(self._retry(group))

    async def _join(self, group: str) -> None:
        await self.layer.group_add(group, await self._channel_name())
        self._joined.add(group)
        if self.recovery is not None:
            await self.recovery.track(group)

    async def _retry(self, group: str) -> None:
        try:
            while group in self.local and group not in self._joined:
                await asyncio.sleep(RETRY_SECONDS)
                with contextlib.suppress(Exception):
                    await self._join(group)
            if group in self._joined:
                logger.info("subscribed to %s", group)
        finally:
            self._retries.pop(group, None)

    async def unsubscribe(self, group: str, key: int) -> None:
        members = self.local.get(group)
        if members is None:
            return
        members.pop(key, None)
        self._lost.get(group, {}).pop(key, None)
        if not members:
            del self.local[group]
            self._lost.pop(group, None)
            if self.recovery is not None:
                self.recovery.forget(group)
            if group in self._joined and self._channel is not None:
                self._joined.discard(group)
                try:
                    await self.layer.group_discard(group, self._channel)
                except Exception:
                    # The page is gone either way; at worst the process gets pushes it drops.
                    logger.warning("unsubscribing from %s failed", group, exc_info=True)

    async def _channel_name(self) -> str:
        if self._channel is None:
            self._channel = await self.layer.new_channel(prefix="djwire.hub.")
            self._listener = asyncio.create_task(self._listen())
        return self._channel

    async def _listen(self) -> None:
        assert self._channel is not None
        while True:
            try:
                message = await self.layer.receive(self._channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("receiving pushes failed; retrying in 1 s")
                await asyncio.sleep(1)
                continue
            if message.get("type") != MESSAGE_TYPE:
                continue
            if self.recovery is not None and "s" in message:
                self.recovery.arrived(message["group"], message["data"], message["e"], message["s"])
            else:
                self.deliver(message["group"], message["data"])

    def deliver(self, group: str, data: bytes) -> None:
        """Give the message ``data`` to every local subscriber of ``group``: up to
        ``DELIVERY_SLICE`` of them now, the others a slice per turn of the event loop."""
        members = self.local.get(group)
        if not members:
            return
        self._backlog.append((group, Message(data), list(members), 0))
        if len(self._backlog) == 1:
            self._handed_out.clear()
            self._deliver_slice()

    def _deliver_slice(self) -> None:
        # One slice, then the loop's turn: a push to 10,000 views would otherwise hand out
        # 10,000 changes in one callback and the next, and an event of another user read
        # meanwhile would wait behind all of them. Messages keep their order: a message
        # waits behind the whole of the one before it.
        group, message, keys, start = self._backlog[0]
        members = self.local.get(group, {})
        end = start + DELIVERY_SLICE
        for key in keys[start:end]:
            subscriber = members.get(key)  # None: it left meanwhile
            if subscriber is None:
                continue
            try:
                subscriber(message)
            except Exception:
                logger.exception("a push subscriber of %s failed", group)
        if end < len(keys):
            self._backlog[0] = (group, message, keys, end)
        else:
            self._backlog.popleft()
        if self._backlog:
            self.loop.call_soon(self._deliver_slice)
        else:
            self._handed_out.set()

    async def handed_out(self, timeout: float) -> None:
        """Wait until every message received is handed to all its subscribers (at most
        ``timeout`` seconds): what can wait behind a fan-out (saving views) starts after it."""
        if not self._handed_out.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self._handed_out.wait()

    def lost(self, group: str) -> None:
        """Tell the subscribers of ``group`` that some of its messages were lost for good."""
        for lost in list(self._lost.get(group, {}).values()):
            try:
                lost()
            except Exception:
                logger.exception("a push subscriber of %s failed to resync", group)
        if group in self._joined:
            # Redis lost its data: with channels-redis' core layer the membership went too.
            task = asyncio.create_task(self._rejoin(group))
            self._rejoining.add(task)
            task.add_done_callback(self._rejoining.discard)

    async def _rejoin(self, group: str) -> None:
        with contextlib.suppress(Exception):
            await self.layer.group_add(group, await self._channel_name())

    async def close(self) -> None:
        if self.recovery is not None:
            await self.recovery.close()
        for task in [*self._retries.values(), self._listener]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


_hubs: LoopLocal[Hub] = LoopLocal(lambda: Hub(asyncio.get_running_loop()))


def get_hub() -> Hub:
    """The hub of the running event loop (made on first use)."""
    return _hubs.get()


async def publish(groups: list[str], data: bytes) -> None:
    """Send an encoded push to ``groups``: through the channel layer to every process, or,
    with the in-memory layer, straight to the hubs of this process."""
    layer: Any = get_channel_layer()
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        if not serves_sockets():
            _warn_unreachable(layer)
        running = asyncio.get_running_loop()
        for loop, hub in _hubs.items():
            for group in groups:
                if loop is running:
                    hub.deliver(group, data)
                else:
                    loop.call_soon_threadsafe(hub.deliver, group, data)
        return
    history = get_history(layer)
    for group in groups:
        message: dict[str, Any] = {"type": MESSAGE_TYPE, "group": group, "data": data}
        if history is not None:
            # Kept and numbered first: a subscriber that misses the live message reads it.
            message["e"], message["s"] = await history.append(group, data)
        await layer.group_send(group, message)


# Once per process: a shell or a Celery worker pushing in a loop needs to be told, not flooded.
_warned_unreachable = False


def _warn_unreachable(layer: Any) -> None:
    global _warned_unreachable
    if _warned_unreachable:
        return
    _warned_unreachable = True
    what = "no channel layer" if layer is None else "the in-memory channel layer"
    logger.warning(
        "djwire: this push reaches no browser. CHANNEL_LAYERS['default'] is %s, which lives "
        "in one process, and this process serves no WebSockets (a shell, a management command "
        "or a Celery worker?). Configure a channel layer every process shares: CHANNEL_LAYERS "
        "= {'default': djwire.pubsub.redis_channel_layer('redis://127.0.0.1:6379/0')} "
        "(pip install 'djwire[redis]'); see docs/push.md.",
        what,
    )
