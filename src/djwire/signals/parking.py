"""Signals sent while a window is away: kept for a while, replayed when it comes back.

When a window's join ends (its socket closed: a reload, a flaky network, a server restart of
another process), the window is *parked*: for ``PARK_SECONDS`` its topics' signals are kept, at
most ``PARK_LIMIT`` of them. When the page re-joins with the same window token in this process,
they are sent first, in order, then live signals follow; if more came than were kept, the
window is told how many it missed (an ``error`` frame with code ``missed``) instead of losing
them silently. A window that re-joins on another process, or after ``PARK_SECONDS``, gets no
replay (docs/signals.md).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from djwire._loop_local import LoopLocal
from djwire.pubsub import Message, get_hub

PARK_SECONDS = 60.0
PARK_LIMIT = 200


@dataclass
class Parked:
    """A window that is away: what was sent to its topics since it left."""

    window_key: str
    groups: list[str]
    kept: deque[bytes] = field(default_factory=lambda: deque(maxlen=PARK_LIMIT))
    missed: int = 0
    lost: bool = False  # some were lost for good (Redis lost its data): how many is unknown
    forward: Callable[[bytes], None] | None = None
    expiry: asyncio.TimerHandle | None = None

    def receive(self, message: Message) -> None:
        if self.forward is not None:
            self.forward(message.data)
            return
        if len(self.kept) == self.kept.maxlen:
            self.missed += 1
        self.kept.append(message.data)

    def signals_lost(self) -> None:
        self.lost = True


_parked: LoopLocal[dict[str, Parked]] = LoopLocal(dict)


async def park(window_key: str, groups: list[str]) -> None:
    """Keep the signals of ``groups`` for the window ``window_key`` while it is away."""
    parked = Parked(window_key, list(groups))
    previous = _parked.get().pop(window_key, None)
    if previous is not None:
        await _drop(previous)
    _parked.get()[window_key] = parked
    hub = get_hub()
    for group in parked.groups:
        await hub.subscribe(group, id(parked), parked.receive, parked.signals_lost)
    loop = asyncio.get_running_loop()
    parked.expiry = loop.call_later(PARK_SECONDS, _expire, window_key, parked)


def claim(window_key: str, forward: Callable[[bytes], None]) -> Parked | None:
    """The window is back: from now on what its parking receives goes to ``forward``; the
    signals kept so far are returned with it (the caller sends them, then :func:`release`)."""
    parked = _parked.get().pop(window_key, None)
    if parked is None:
        return None
    if parked.expiry is not None:
        parked.expiry.cancel()
    parked.forward = forward
    return parked


async def release(parked: Parked) -> None:
    """Stop the parking's subscriptions (the window listens by itself again)."""
    await _drop(parked)


async def _drop(parked: Parked) -> None:
    hub = get_hub()
    for group in parked.groups:
        await hub.unsubscribe(group, id(parked))


def _expire(window_key: str, parked: Parked) -> None:
    if _parked.get().get(window_key) is parked:
        del _parked.get()[window_key]
        task = asyncio.get_running_loop().create_task(_drop(parked))
        _expiring.add(task)
        task.add_done_callback(_expiring.discard)


_expiring: set[asyncio.Task[None]] = set()
