"""One object per running event loop (the hub of a process, its save queue), made on first use.

A server runs one loop, but tests and ``async_to_sync`` run others: each loop gets its own
object, and objects of loops that have closed are dropped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class LoopLocal(Generic[T]):
    """``factory()``'s object for the running loop: ``hubs = LoopLocal(Hub); hubs.get()``."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._by_loop: dict[asyncio.AbstractEventLoop, T] = {}

    def get(self) -> T:
        """The object of the running loop (a RuntimeError outside of one)."""
        loop = asyncio.get_running_loop()
        value = self._by_loop.get(loop)
        if value is None:
            for old in [key for key in self._by_loop if key.is_closed()]:
                del self._by_loop[old]
            value = self._by_loop[loop] = self._factory()
        return value

    def items(self) -> Iterator[tuple[asyncio.AbstractEventLoop, T]]:
        """Every loop still open with its object."""
        for loop, value in list(self._by_loop.items()):
            if not loop.is_closed():
                yield loop, value
