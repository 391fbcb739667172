"""What the watchers of an anchor received lately: a reconnecting client gets what it missed.

One :class:`History` per group (an anchor of a channel, or a user's rows of it) and event loop
is the only subscriber of that group in the process: it keeps the last
``DJWIRE["sync_history_length"]`` committed changes and hands each message to the connections
that listen. While it lives the anchor counts as watched, so no change is left out of it; it
stays ``DJWIRE["sync_history_grace"]`` seconds after its last connection left, so a browser
whose network dropped finds what it missed, deletes included. A client whose watermark is older
than what is kept (or than the history itself) gets a fresh snapshot instead, marked as a reset.

With a Redis channel layer the history is shared: what a reconnecting client missed is read
from the anchor's stream in Redis (:mod:`djwire.sync.shared_history`), so it may reconnect to
any server process. Without one, the history is the process's own: a browser that reconnects
to another process gets a snapshot (correct, only bigger).

A history belongs to its event loop. When that loop closes with the history still held (a
test client's loop, one ``async_to_sync`` made), the anchor stops counting as watched then.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Hashable
from typing import Any

from djwire import conf
from djwire._loop_local import LoopLocal
from djwire.pubsub import Message, get_hub
from djwire.sync import shared_history, watching
from djwire.sync.broadcast import anchor_group
from djwire.sync.protocol import PAYLOAD_INSTANCES, PAYLOAD_VERSION
from djwire.sync.versions import current_version

Listener = Callable[[Message], None]
Key = tuple[str, Hashable, Any]  # channel name, anchor id, user id (None: everyone's rows)


class History:
    """The recent changes of one group, and the connections listening to it."""

    def __init__(self, key: Key, limit: int, grace: float | None = None) -> None:
        self.key = key
        # Seconds kept after the last listener left: the channel's Meta.cache_ttl, or None
        # for DJWIRE["sync_history_grace"].
        self.grace = grace
        self.group = anchor_group(*key)
        self.limit = limit
        self.entries: deque[tuple[int, list[dict[str, Any]]]] = deque()
        # Every change with a version above this one is in `entries` (or was never made).
        self.complete_after = current_version()
        self.listeners: dict[int, Listener] = {}
        self.expiry: asyncio.TimerHandle | None = None
        # Set once the anchor is watched everywhere and the group subscribed: the listeners
        # that come meanwhile wait for it, as the first one does.
        self.ready = asyncio.Event()

    def receive(self, message: Message) -> None:
        value = message.value
        if isinstance(value, dict) and PAYLOAD_INSTANCES in value:
            self.entries.append((value[PAYLOAD_VERSION], value[PAYLOAD_INSTANCES]))
            if len(self.entries) > self.limit:
                dropped, _ = self.entries.popleft()
                self.complete_after = max(self.complete_after, dropped)
        for listener in list(self.listeners.values()):
            listener(message)

    async def since(self, watermark: int) -> list[dict[str, Any]] | None:
        """The layers of the changes newer than ``watermark``, or None when some of them are
        not kept any more (then only a snapshot is right); from Redis when it is shared."""
        if watching.shared_registry() is not None:
            channel_name, anchor, _user = self.key
            return await shared_history.since(
                channel_name, anchor, self.group, watermark, self.limit
            )
        return self.kept_since(watermark)

    def kept_since(self, watermark: int) -> list[dict[str, Any]] | None:
        """:meth:`since` from what this process kept."""
        if watermark < self.complete_after:
            return None
        return [
            layer for version, layers in self.entries if version > watermark for layer in layers
        ]

    def forget(self) -> None:
        """Keep nothing from before now: the next reconnect of every client is a snapshot."""
        self.entries.clear()
        self.complete_after = current_version()


def _loop_closed(histories: dict[Key, History]) -> None:
    # Nothing of a closed loop can run again: its timers (a grace period) never fire.
    for history in histories.values():
        if history.expiry is not None:
            history.expiry.cancel()
        watching.unwatch(history.key[0], history.key[1])
    histories.clear()


_histories: LoopLocal[dict[Key, History]] = LoopLocal(dict, on_close=_loop_closed)


async def listen(
    key: Key, listener_id: int, listener: Listener, grace: float | None = None
) -> History:
    """Hand every message of ``key``'s group to ``listener`` from now on, and return the
    group's history (made, and the anchor watched, if this process kept none); ``grace``
    overrides ``DJWIRE["sync_history_grace"]`` for it."""
    histories = _histories.get()
    history = histories.get(key)
    if history is None:
        history = histories[key] = History(key, conf.get("sync_history_length"), grace)
        try:
            await watching.awatch(key[0], key[1])
            await get_hub().subscribe(history.group, id(history), history.receive)
            # Complete only from when the subscription took: a change published before could
            # have been missed.
            history.complete_after = current_version()
            await shared_history.start(key[0], key[1], history.group)
        finally:
            history.ready.set()
    else:
        await history.ready.wait()
    if history.expiry is not None:
        history.expiry.cancel()
        history.expiry = None
    history.listeners[listener_id] = listener
    return history


def unlisten(key: Key, listener_id: int) -> None:
    """``listener_id`` no longer listens; the history is dropped a grace period after its
    last listener left."""
    history = _histories.get().get(key)
    if history is None:
        return
    history.listeners.pop(listener_id, None)
    if history.listeners or history.expiry is not None:
        return
    grace: float = conf.get("sync_history_grace") if history.grace is None else history.grace
    if grace <= 0:
        _expire(history)  # now: the loop may be stopped right after (a test client's)
    else:
        history.expiry = asyncio.get_running_loop().call_later(grace, _expire, history)


def _expire(history: History) -> None:
    histories = _histories.get()
    if histories.get(history.key) is not history or history.listeners:
        return
    del histories[history.key]
    watching.unwatch(history.key[0], history.key[1])
    task = asyncio.get_running_loop().create_task(get_hub().unsubscribe(history.group, id(history)))
    _expiring.add(task)
    task.add_done_callback(_expiring.discard)


_expiring: set[asyncio.Task[None]] = set()


async def forget(channel_name: str, anchor_id: Hashable) -> bool:
    """Forget the history of an anchor in every event loop of this process, and in Redis
    when it is shared (the next reconnect gets a snapshot); True when some was kept."""
    found = await shared_history.forget(channel_name, anchor_id)
    for loop, histories in _histories.items():
        for key, history in list(histories.items()):
            if key[0] == channel_name and key[1] == anchor_id:
                found = True
                loop.call_soon_threadsafe(history.forget)
    return found
