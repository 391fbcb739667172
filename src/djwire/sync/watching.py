"""Which anchors someone watches: a save does no work for the others.

Each join of a channel counts its anchors here while it lasts. A change whose channel has no
watched anchor is dropped in the signal handler, before any query; one whose rows reach only
unwatched anchors is dropped before any serialization.

This registry is the process's own. With a channel layer shared between processes (Redis) a
change saved in one process (a Celery task, a management command) may be watched in another,
which this process cannot see: there every anchor counts as watched, so nothing is missed.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Hashable

from channels.layers import InMemoryChannelLayer, get_channel_layer

_lock = threading.Lock()
_watched: dict[str, Counter[Hashable]] = {}


def watch(channel_name: str, anchor_id: Hashable) -> None:
    """A join of ``channel_name`` shows ``anchor_id`` (counted: pair it with :func:`unwatch`)."""
    with _lock:
        _watched.setdefault(channel_name, Counter())[anchor_id] += 1


def unwatch(channel_name: str, anchor_id: Hashable) -> None:
    """A join of ``channel_name`` no longer shows ``anchor_id``."""
    with _lock:
        counts = _watched.get(channel_name)
        if counts is None or anchor_id not in counts:
            return
        counts[anchor_id] -= 1
        if counts[anchor_id] <= 0:
            del counts[anchor_id]
        if not counts:
            del _watched[channel_name]


def is_shared() -> bool:
    """True when changes may be watched in other processes (a channel layer other than the
    in-memory one)."""
    layer = get_channel_layer()
    return layer is not None and not isinstance(layer, InMemoryChannelLayer)


def has_watchers(channel_name: str) -> bool:
    """True when a change of ``channel_name``'s rows may reach someone."""
    return channel_name in _watched or is_shared()


def watched(channel_name: str) -> frozenset[Hashable] | None:
    """The anchors of ``channel_name`` watched in this process; None for "any anchor" (a
    shared channel layer, see the module's docstring)."""
    if is_shared():
        return None
    with _lock:
        return frozenset(_watched.get(channel_name, ()))
