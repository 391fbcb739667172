"""Which anchors someone watches: a save does no work for the others.

Each join of a channel counts its anchors here while it lasts. A change whose channel has no
watched anchor is dropped in the signal handler, before any query; one whose rows reach only
unwatched anchors is dropped before any serialization.

With a channel layer shared between processes a change saved in one process (a Celery task, a
management command) may be watched in another: with channels-redis the watched anchors are
also kept in its Redis (:mod:`djwire.sync.shared_watch`), so a save of an anchor nobody
watches in any process does no query either. With another shared layer, or when Redis does
not answer, every anchor counts as watched, so nothing is missed.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from collections.abc import Hashable, Iterable

from channels.layers import InMemoryChannelLayer, get_channel_layer

from djwire import conf
from djwire.pubsub.history import redis_hosts
from djwire.sync.shared_watch import SharedWatch

logger = logging.getLogger("djwire.sync")

_lock = threading.Lock()
_watched: dict[str, Counter[Hashable]] = {}
_shared: dict[str, SharedWatch] = {}


def _pairs() -> list[tuple[str, Hashable]]:
    with _lock:
        return [(name, anchor) for name, counts in _watched.items() for anchor in counts]


# What the current channel layer means here: None (this process only: the in-memory layer),
# a SharedWatch (channels-redis), or "unknown" (another shared layer: every anchor watched).
_Registry = SharedWatch | str | None
_UNKNOWN = "unknown"


# Every save asks: the answer for the layer asked last is kept (settings may change the layer).
_last: tuple[object, _Registry] = (object(), None)


def _registry() -> _Registry:
    global _last
    layer = get_channel_layer()
    if _last[0] is layer:
        return _last[1]
    registry: _Registry
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        registry = None
    elif not (hosts := redis_hosts(layer)):
        registry = _UNKNOWN
    else:
        # The first server holds the registry (one key per channel: no need to shard it).
        key = repr(hosts[0])
        with _lock:
            registry = _shared.get(key)
            if registry is None:
                registry = _shared[key] = SharedWatch(hosts[0], _pairs)
    _last = (layer, registry)
    return registry


def watch(channel_name: str, anchor_id: Hashable) -> None:
    """A join of ``channel_name`` shows ``anchor_id`` (counted: pair it with :func:`unwatch`).
    With a shared registry, blocks for one round trip to Redis (see :func:`awatch`)."""
    with _lock:
        _watched.setdefault(channel_name, Counter())[anchor_id] += 1
    registry = _registry()
    if isinstance(registry, SharedWatch):
        registry.add(channel_name, anchor_id)


async def awatch(channel_name: str, anchor_id: Hashable) -> None:
    """:func:`watch` from a coroutine; returns once every process can see the anchor is
    watched (so a save elsewhere after the join's snapshot reaches it): the registry written,
    and no save left that uses an answer read before (``DJWIRE["sync_watch_cache"]``)."""
    registry = _registry()
    if isinstance(registry, SharedWatch):
        await asyncio.to_thread(watch, channel_name, anchor_id)
        await asyncio.sleep(registry.join_delay())
    else:
        watch(channel_name, anchor_id)


def unwatch(channel_name: str, anchor_id: Hashable) -> None:
    """A join of ``channel_name`` no longer shows ``anchor_id``."""
    with _lock:
        counts = _watched.get(channel_name)
        if counts is None or anchor_id not in counts:
            return
        counts[anchor_id] -= 1
        if counts[anchor_id] > 0:
            return
        del counts[anchor_id]
        if not counts:
            del _watched[channel_name]
    registry = _registry()
    if isinstance(registry, SharedWatch):
        registry.remove(channel_name, anchor_id)


def is_shared() -> bool:
    """True when changes may be watched in other processes (a channel layer other than the
    in-memory one)."""
    return _registry() is not None


def shared_registry() -> SharedWatch | None:
    """The registry in the channel layer's Redis, when there is one."""
    registry = _registry()
    return registry if isinstance(registry, SharedWatch) else None


def prefetch(channel_names: Iterable[str]) -> None:
    """Read what the shared registry holds of ``channel_names`` in one round trip (what is
    read is reused by :func:`has_watchers` and :func:`watched`); a no-op without one."""
    registry = _registry()
    # Without reuse (a cache of 0) every question reads anyway: nothing to read ahead.
    if isinstance(registry, SharedWatch) and conf.get("sync_watch_cache") > 0:
        try:
            registry.prefetch(channel_names)
        except Exception:  # asked again one by one: then the failure counts as "watched"
            logger.debug("djwire.sync: reading the watched anchors failed", exc_info=True)


def has_watchers(channel_name: str) -> bool:
    """True when a change of ``channel_name``'s rows may reach someone."""
    if channel_name in _watched:
        return True
    registry = _registry()
    if not isinstance(registry, SharedWatch):
        return registry is not None
    try:
        return registry.any_watched(channel_name)
    except Exception:  # Redis does not answer: do the work rather than miss a watcher
        logger.warning("djwire.sync: reading the watched anchors failed", exc_info=True)
        return True


def watched(channel_name: str) -> frozenset[str] | None:
    """The anchors of ``channel_name`` watched, as strings (ids are normalized to their
    primary key's type, so ``str`` compares them alike in every process); None for "any
    anchor" (a shared layer that keeps no registry, see the module's docstring)."""
    with _lock:
        local = frozenset(str(anchor) for anchor in _watched.get(channel_name, ()))
    registry = _registry()
    if not isinstance(registry, SharedWatch):
        return local if registry is None else None
    try:
        return local | registry.watched(channel_name)
    except Exception:
        logger.warning("djwire.sync: reading the watched anchors failed", exc_info=True)
        return None


def reached(anchors: frozenset[Hashable], watched: frozenset[str] | None) -> frozenset[Hashable]:
    """Those of ``anchors`` that are ``watched`` (all of them for None)."""
    if watched is None:
        return anchors
    return frozenset(anchor for anchor in anchors if str(anchor) in watched)
