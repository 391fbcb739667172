"""Waiting on a condition with a deadline, instead of sleeping and hoping."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def wait_until(
    condition: Callable[[], object], timeout: float = 2.0, interval: float = 0.005
) -> None:
    """Return as soon as ``condition()`` is true; AssertionError after ``timeout`` seconds.

    ::

        await wait_until(lambda: client.view.count == 3)

    The condition is checked at once, then every ``interval`` seconds while the event loop
    runs the server's work (its ticks, its pushes, its saves).
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            name = getattr(condition, "__qualname__", repr(condition))
            raise AssertionError(f"{name} was not true within {timeout:g} s")
        await asyncio.sleep(interval)
