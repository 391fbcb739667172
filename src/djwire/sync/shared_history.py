"""The history of an anchor kept in Redis: a browser that reconnects to another server process
gets what it missed, not a snapshot.

Every message published to an anchor's group is already kept by the pubsub layer, numbered,
in a Redis stream of that group (:mod:`djwire.pubsub.history`: ``MAXLEN``, an epoch that
changes when Redis loses the stream). What that stream cannot say is whether it holds *every*
change of the anchor: a save is published only while some process watches the anchor. So the
first process that keeps a history of a group writes where it starts, in the anchor's hash of
the shared registry (:mod:`djwire.sync.shared_watch`): the stream's epoch and number then, and
the version from which every change is in the stream after that number. The hash lives while
some process watches the anchor (a join, or a history in its grace period) and goes with the
anchor's last watcher, atomically, or expires with a crashed one's members; a flushed Redis
loses it with the rest.

A reconnecting client's watermark is then answered from the stream, deletes included, when
the start covers it (and the stream still holds everything after the start, in the same
epoch); else the client gets a snapshot marked as a reset, as before. Without Redis each
process keeps its own history (:mod:`djwire.sync.history`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Hashable
from typing import Any, NamedTuple

import orjson
from channels.layers import get_channel_layer

from djwire import conf
from djwire.pubsub.history import get_history
from djwire.sync import watching
from djwire.sync.protocol import PAYLOAD_INSTANCES, PAYLOAD_VERSION
from djwire.sync.shared_watch import SharedWatch, history_expiry, history_key
from djwire.sync.versions import current_version

logger = logging.getLogger("djwire.sync")


class Start(NamedTuple):
    """Where a group's history in Redis starts: the stream's epoch ("" when the group had no
    stream yet) and number then; every change newer than ``version`` is after that number."""

    epoch: str
    seq: int
    version: int

    def encode(self) -> str:
        return f"{self.epoch}|{self.seq}|{self.version}"

    @classmethod
    def decode(cls, value: bytes | str) -> Start:
        text = value.decode() if isinstance(value, bytes) else value
        epoch, seq, version = text.split("|")
        return cls(epoch, int(seq), int(version))


async def start(channel_name: str, anchor: Hashable, group: str) -> None:
    """Make sure the history of ``group`` has a start in Redis, from now if it has none.
    Called once the anchor is watched in the shared registry, so every change from now on
    is published; a no-op without a Redis registry. Redis errors are logged: a reconnect then
    gets a snapshot."""
    registry = watching.shared_registry()
    if registry is None:
        return
    try:
        await _start(registry, channel_name, anchor, group)
    except Exception:
        logger.warning("djwire.sync: writing where %s's history starts failed", group)


async def _start(registry: SharedWatch, channel_name: str, anchor: Hashable, group: str) -> Start:
    history = get_history(get_channel_layer())
    assert history is not None  # a registry in Redis means a channels-redis layer
    # The stream's place first, the version after: a change newer than the version is
    # published after this read, so numbered after it.
    head = (await history.heads([group]))[group]
    found = Start("", 0, 0) if head is None else Start(head.epoch, head.seq, 0)
    found = found._replace(version=current_version())
    key = history_key(channel_name, str(anchor))
    ttl: float = conf.get("sync_watch_ttl")

    def write() -> Any:
        pipe = registry.client.pipeline(transaction=True)
        pipe.hsetnx(key, group, found.encode())
        pipe.pexpireat(key, history_expiry(ttl))
        pipe.hget(key, group)
        return pipe.execute()[-1]

    return Start.decode(await asyncio.to_thread(write))


async def since(
    channel_name: str, anchor: Hashable, group: str, watermark: int, limit: int
) -> list[dict[str, Any]] | None:
    """The layers of ``group`` newer than ``watermark``, read from Redis; None when they are
    not all kept (a snapshot is needed), or when there is no Redis registry."""
    registry = watching.shared_registry()
    if registry is None:
        return None
    key = history_key(channel_name, str(anchor))
    try:
        stored = await asyncio.to_thread(registry.client.hget, key, group)
        if stored is None:
            # Nobody kept it (or Redis lost it): it starts now, for the next reconnect.
            await _start(registry, channel_name, anchor, group)
            return None
        return await _kept_since(Start.decode(stored), group, watermark, limit)
    except Exception:
        logger.warning("djwire.sync: reading %s's history failed", group, exc_info=True)
        return None


async def _kept_since(
    begin: Start, group: str, watermark: int, limit: int
) -> list[dict[str, Any]] | None:
    if watermark < begin.version:
        return None
    history = get_history(get_channel_layer())
    assert history is not None
    epoch, kept = await history.since(group, begin.seq)
    if epoch is None:
        # No stream now: fine only if nothing was ever numbered since the start.
        return [] if begin.seq == 0 and not kept else None
    if begin.epoch and epoch != begin.epoch:
        return None  # Redis lost the stream since: what it held is unknowable
    if kept and kept[0][0] != begin.seq + 1:
        return None  # trimmed (MAXLEN) past the start
    messages = [orjson.loads(data) for _seq, data in kept]
    entries = [m for m in messages if isinstance(m, dict) and PAYLOAD_INSTANCES in m]
    if len(entries) > limit:
        # As a process's own history: only the last `limit` changes count as kept.
        if watermark < entries[-limit - 1][PAYLOAD_VERSION]:
            return None
        entries = entries[-limit:]
    return [
        layer
        for entry in entries
        if entry[PAYLOAD_VERSION] > watermark
        for layer in entry[PAYLOAD_INSTANCES]
    ]


async def forget(channel_name: str, anchor: Hashable) -> bool:
    """Drop where ``anchor``'s histories start, for every process: the next reconnect of
    each of its clients gets a snapshot. True when there was one."""
    registry = watching.shared_registry()
    if registry is None:
        return False
    key = history_key(channel_name, str(anchor))
    return bool(await asyncio.to_thread(registry.client.delete, key))
