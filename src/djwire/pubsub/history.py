"""The bounded history of each group in Redis: a sequence number and a stream of its messages.

The pub/sub path alone cannot tell a subscriber what it missed: a Redis restart drops every
subscription, and the pushes published until the layer has subscribed again report success
and reach nobody. So each message of a group is first appended, with the next number of the
group's sequence, to a Redis stream (``XADD`` with ``MAXLEN``); the published message carries
that number. A subscriber that sees a number jump, or that checks the group's head after an
outage, reads what it missed from the stream (``XRANGE``). The stream is Redis' own engine;
djwire only names the keys and numbers the messages.

A group's sequence also holds an *epoch*, a random name chosen when the sequence starts. When
Redis loses its data (a restart without persistence) or the group was idle for ``TTL`` seconds,
the sequence starts again under a new epoch: a subscriber that knew the old one cannot tell
what it missed, and resyncs instead (hub.py).
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any, NamedTuple

# Messages kept per group (approximately: Redis trims in whole nodes of the stream).
LENGTH = 1000
# Seconds a group's sequence and stream live after its last message.
TTL = 24 * 3600
_PREFIX = "djwire:"

# One round trip, atomic: a new epoch starts an empty stream, so numbers never go back.
_APPEND = """
if redis.call('HSETNX', KEYS[1], 'e', ARGV[1]) == 1 then redis.call('DEL', KEYS[2]) end
local seq = redis.call('HINCRBY', KEYS[1], 's', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], seq .. '-0', 'd', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return {redis.call('HGET', KEYS[1], 'e'), seq}
"""


class Head(NamedTuple):
    """Where a group's sequence is: its epoch and the number of its last message."""

    epoch: str
    seq: int


def _keys(group: str) -> tuple[str, str]:
    # One hash tag: both keys of a group live on the same node of a Redis cluster.
    return f"{_PREFIX}seq:{{{group}}}", f"{_PREFIX}log:{{{group}}}"


class History:
    """The group histories kept in the Redis servers of a channels-redis layer."""

    def __init__(self, hosts: list[dict[str, Any]]) -> None:
        from channels_redis.utils import create_pool  # type: ignore[import-untyped]
        from redis import asyncio as aioredis

        self._clients = [aioredis.Redis(connection_pool=create_pool(host)) for host in hosts]
        self._append = [client.register_script(_APPEND) for client in self._clients]

    def _shard(self, group: str) -> int:
        from channels_redis.utils import _consistent_hash

        return int(_consistent_hash(group, len(self._clients)))

    async def append(self, group: str, data: bytes) -> Head:
        """Number ``data`` as the group's next message and keep it; its place in the sequence."""
        shard = self._shard(group)
        epoch = secrets.token_hex(8)
        reply = await self._append[shard](keys=_keys(group), args=[epoch, data, LENGTH, TTL])
        return Head(_text(reply[0]), int(reply[1]))

    async def heads(self, groups: list[str]) -> dict[str, Head | None]:
        """Each group's head (None: it has no sequence now), in one round trip per server."""
        by_shard: dict[int, list[str]] = {}
        for group in groups:
            by_shard.setdefault(self._shard(group), []).append(group)
        found: dict[str, Head | None] = {}
        for shard, names in by_shard.items():
            async with self._clients[shard].pipeline(transaction=False) as pipe:
                for group in names:
                    pipe.hmget(_keys(group)[0], ["e", "s"])
                replies = await pipe.execute()
            for group, (epoch, seq) in zip(names, replies, strict=True):
                found[group] = None if epoch is None else Head(_text(epoch), int(seq or 0))
        return found

    async def since(self, group: str, seq: int) -> tuple[str | None, list[tuple[int, bytes]]]:
        """The group's epoch and its kept messages numbered above ``seq``, in order."""
        seq_key, log_key = _keys(group)
        async with self._clients[self._shard(group)].pipeline(transaction=True) as pipe:
            pipe.hget(seq_key, "e")
            pipe.xrange(log_key, min=f"{seq + 1}-0", max="+")
            epoch, entries = await pipe.execute()
        kept = [(int(_text(entry_id).split("-")[0]), fields[b"d"]) for entry_id, fields in entries]
        return (None if epoch is None else _text(epoch)), kept

    async def close(self) -> None:
        for client in self._clients:
            await client.aclose(close_connection_pool=True)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def redis_hosts(layer: Any) -> list[dict[str, Any]] | None:
    """The Redis servers of a channels-redis layer (either kind), or None for another layer."""
    if layer is None or not type(layer).__module__.startswith("channels_redis."):
        return None
    from channels_redis.utils import decode_hosts

    # The core layer keeps them decoded; vars(): the pub/sub layer's getattr needs a loop.
    hosts = vars(layer).get("hosts")
    if hosts is None:
        hosts = decode_hosts(layer._kwargs.get("hosts"))  # the pub/sub layer, as given
    return list(hosts)


_histories: dict[asyncio.AbstractEventLoop, History] = {}


def get_history(layer: Any) -> History | None:
    """The history client of the running loop for ``layer``; None when it is not Redis.

    A loop made by ``async_to_sync`` for one call (``push_to_view`` from sync code) closes
    after it: its client is closed with it, as channels-redis does with its own connections.
    """
    hosts = redis_hosts(layer)
    if hosts is None:
        return None
    loop = asyncio.get_running_loop()
    history = _histories.get(loop)
    if history is None:
        for old in [key for key in _histories if key.is_closed()]:
            del _histories[old]
        history = _histories[loop] = History(hosts)
        _close_with(loop, history)
    return history


def _close_with(loop: asyncio.AbstractEventLoop, history: History) -> None:
    original = loop.close

    def close() -> None:
        if _histories.get(loop) is history:
            del _histories[loop]
            if not loop.is_running():
                loop.run_until_complete(history.close())
        original()

    loop.close = close  # type: ignore[method-assign]
