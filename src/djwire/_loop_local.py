"""One object per running event loop (the hub of a process, its save queue), made on first use.

A server runs one loop, but tests and ``async_to_sync`` run others: each loop gets its own
object, and objects of loops that have closed are dropped.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class LoopLocal(Generic[T]):
    """``factory()``'s object for the running loop: ``hubs = LoopLocal(Hub); hubs.get()``.

    ``on_close(value)`` is called when that loop is closed (a test client's, an
    ``async_to_sync`` call's): what the object holds beyond its loop is released then, not
    whenever another loop happens to look."""

    def __init__(
        self, factory: Callable[[], T], on_close: Callable[[T], None] | None = None
    ) -> None:
        self._factory = factory
        self._on_close = on_close
        self._by_loop: dict[asyncio.AbstractEventLoop, T] = {}

    def get(self) -> T:
        """The object of the running loop (a RuntimeError outside of one)."""
        loop = asyncio.get_running_loop()
        value = self._by_loop.get(loop)
        if value is None:
            for old in [key for key in self._by_loop if key.is_closed()]:
                del self._by_loop[old]
            value = self._by_loop[loop] = self._factory()
            if self._on_close is not None:
                _call_on_close(loop, functools.partial(self._closed, loop))
        return value

    def _closed(self, loop: asyncio.AbstractEventLoop) -> None:
        value = self._by_loop.pop(loop, None)
        if value is not None and self._on_close is not None:
            self._on_close(value)

    def items(self) -> Iterator[tuple[asyncio.AbstractEventLoop, T]]:
        """Every loop still open with its object."""
        for loop, value in list(self._by_loop.items()):
            if not loop.is_closed():
                yield loop, value


def _call_on_close(loop: asyncio.AbstractEventLoop, callback: Callable[[], None]) -> None:
    # asyncio has no "closing" hook: the loop's close is wrapped, once per callback.
    original = loop.close

    def close() -> None:
        try:
            callback()
        finally:
            original()

    loop.close = close  # type: ignore[method-assign]
