"""The anchors watched in any process, kept in the channel layer's Redis.

With a channel layer shared between processes, a save in one process (a Celery task, a
management command) may be watched in another. Each process adds the anchors its joins show
to one sorted set per channel (``djwire:sync:watch:<channel>``), one member per process and
anchor, scored by when it expires: ``DJWIRE["sync_watch_ttl"]`` seconds, refreshed by a thread
of the process while the anchor is watched. A process that crashes without removing its
members stops refreshing them, and after the TTL they no longer count; a save reads only
members that have not expired.

A save reads the registry at most once per channel every ``DJWIRE["sync_watch_cache"]``
seconds (the answer is kept that long, for every save of the process); a join waits that long
after adding its anchor before it reads its state, so a save committed after the state was read
cannot have used an answer from before the anchor was added.

While some process watches an anchor, the registry also keeps where the anchor's history
starts (:mod:`djwire.sync.shared_history`): one hash per anchor, removed with the anchor's
last member, so a history in Redis is never taken as complete across a time nobody watched.

Redis errors are not hidden as "nobody watches": the caller counts every anchor as watched
then (the work is done, nothing is missed).
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import secrets
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from djwire import conf

logger = logging.getLogger("djwire.sync")

_PREFIX = "djwire:sync:watch:"
_HISTORY_PREFIX = "djwire:sync:history:"
_TOKEN = secrets.token_hex(6)

# Removes this process's member of an anchor and, when no live member of it is left (no
# process watches it now), the anchor's history starts with it: atomic, so no save can slip
# between "nobody watches" and "the history is gone".
_REMOVE = """
redis.call('ZREM', KEYS[1], ARGV[1])
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[2], '+inf')) do
  local bar = string.find(member, '|', 1, true)
  if bar and string.sub(member, bar + 1) == ARGV[3] then return 0 end
end
redis.call('DEL', KEYS[2])
return 1
"""


def _me() -> str:
    # A forked worker (uvicorn --workers) inherits the token: the pid tells them apart.
    return f"{_TOKEN}.{os.getpid()}"


def _key(channel_name: str) -> str:
    return _PREFIX + channel_name


def history_key(channel_name: str, anchor: str) -> str:
    """The hash of where the histories of ``anchor``'s groups start (one field per group)."""
    return f"{_HISTORY_PREFIX}{channel_name}|{anchor}"


class SharedWatch:
    """This process's view of the registry in one Redis server.

    ``local`` is the process's own registry: a function that lists the (channel, anchor)
    pairs it watches now, which the refresher keeps alive in Redis.
    """

    def __init__(self, host: dict[str, Any], local: Callable[[], Iterable[tuple[str, Any]]]):
        import redis

        host = dict(host)
        address = host.pop("address", None)
        if address is not None:
            self._client = redis.Redis.from_url(address, **host)
        else:
            self._client = redis.Redis(**host)
        self._local = local
        # channel -> (when it was read, how long it may be reused, the anchors watched).
        self._answers: dict[str, tuple[float, float, frozenset[str]]] = {}
        self._remove_script = self._client.register_script(_REMOVE)
        self._removals: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._thread_lock = threading.Lock()
        atexit.register(self._goodbye)

    def add(self, channel_name: str, anchor_id: Hashable) -> None:
        """Count ``anchor_id`` as watched by this process (blocking: one round trip)."""
        self._start()
        self._write([(channel_name, anchor_id)])

    def remove(self, channel_name: str, anchor_id: Hashable) -> None:
        """This process no longer watches ``anchor_id``: removed by the refresher's thread,
        unless the anchor is watched again by then."""
        self._removals.put((channel_name, str(anchor_id)))

    @property
    def client(self) -> Any:
        """The (blocking) Redis client of the registry's server."""
        return self._client

    def watched(self, channel_name: str) -> frozenset[str]:
        """The anchors (as strings) of ``channel_name`` that some process watches."""
        return self.prefetch([channel_name])[channel_name]

    def any_watched(self, channel_name: str) -> bool:
        """True when some process watches some anchor of ``channel_name``."""
        return bool(self.watched(channel_name))

    def prefetch(self, channel_names: Iterable[str]) -> dict[str, frozenset[str]]:
        """The watched anchors of each of ``channel_names``: read, all in one round trip, for
        those whose answer is older than ``DJWIRE["sync_watch_cache"]``."""
        max_age: float = conf.get("sync_watch_cache")
        sent = time.monotonic()  # before the read: the answer may be older than what it says
        found: dict[str, frozenset[str]] = {}
        stale = []
        for name in channel_names:
            answer = self._answers.get(name)
            # The shorter of the periods then and now: a changed setting (a test's) counts.
            if answer is not None and sent < answer[0] + min(answer[1], max_age):
                found[name] = answer[2]
            elif name not in stale:
                stale.append(name)
        if stale:
            now = time.time()
            pipe = self._client.pipeline(transaction=False)
            for name in stale:
                pipe.zrangebyscore(_key(name), now, "+inf")
            replies: list[list[bytes]] = pipe.execute()
            for name, members in zip(stale, replies, strict=True):
                found[name] = frozenset(member.decode().partition("|")[2] for member in members)
                self._answers[name] = (sent, max_age, found[name])
        return found

    def join_delay(self) -> float:
        """Seconds a join waits after adding its anchor: until no save uses an older answer."""
        delay: float = conf.get("sync_watch_cache")
        return delay

    def _write(self, pairs: Iterable[tuple[str, Any]]) -> None:
        ttl: float = conf.get("sync_watch_ttl")
        expires = time.time() + ttl
        me = _me()
        by_channel: dict[str, dict[str, float]] = {}
        for channel_name, anchor_id in pairs:
            by_channel.setdefault(channel_name, {})[f"{me}|{anchor_id}"] = expires
        if not by_channel:
            return
        pipe = self._client.pipeline(transaction=False)
        for channel_name, members in by_channel.items():
            for member in members:
                # Gone before the members expire (a third of the TTL: the next refresh is
                # due then), so a history never outlives the watch that kept it complete.
                anchor = member.partition("|")[2]
                pipe.pexpireat(history_key(channel_name, anchor), history_expiry(ttl))
            pipe.zadd(_key(channel_name), members)
            # Members of crashed processes are left out by their score; the key itself goes
            # once no process has refreshed any member for a while.
            pipe.expire(_key(channel_name), max(1, int(ttl * 2)))
            pipe.zremrangebyscore(_key(channel_name), "-inf", time.time() - ttl)
        pipe.execute()

    def _start(self) -> None:
        with self._thread_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._refresh, name="djwire-sync-watch", daemon=True
                )
                self._thread.start()

    def _refresh(self) -> None:
        while True:
            interval = conf.get("sync_watch_ttl") / 3
            deadline = time.monotonic() + interval
            try:
                while (left := deadline - time.monotonic()) > 0:
                    try:
                        channel_name, anchor = self._removals.get(timeout=left)
                    except queue.Empty:
                        break
                    self._remove_unless_watched(channel_name, anchor)
                self._write(self._local())
            except Exception:  # Redis down: try again at the next round, the TTL covers it
                logger.warning("djwire.sync: refreshing the watched anchors failed", exc_info=True)

    def _goodbye(self) -> None:
        # A process that ends cleanly takes its members with it (one that crashes leaves
        # them to expire); its refresher, a daemon thread, may never see the last removals.
        pairs = [(name, str(anchor)) for name, anchor in self._local()]
        while not self._removals.empty():
            pairs.append(self._removals.get())
        if not pairs or self._thread is None:
            return
        try:
            pipe = self._client.pipeline(transaction=False)
            for channel_name, anchor in pairs:
                self._remove(channel_name, anchor, pipe)
            pipe.execute()
        except Exception:
            logger.warning("djwire.sync: removing the watched anchors failed", exc_info=True)

    def _remove_unless_watched(self, channel_name: str, anchor: str) -> None:
        if any(c == channel_name and str(a) == anchor for c, a in self._local()):
            return
        self._remove(channel_name, anchor, self._client)

    def _remove(self, channel_name: str, anchor: str, client: Any) -> None:
        keys = [_key(channel_name), history_key(channel_name, anchor)]
        args: list[str | float] = [f"{_me()}|{anchor}", time.time(), anchor]
        self._remove_script(keys=keys, args=args, client=client)


def history_expiry(ttl: float) -> int:
    """When (Unix ms) an anchor's history starts expire unless refreshed: two thirds of the
    watch TTL from now, before the members written now would."""
    return int((time.time() + ttl * 2 / 3) * 1000)
