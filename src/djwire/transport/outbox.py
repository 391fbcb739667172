"""The frames waiting to go out on one socket: ordered, bounded, written by one task.

A browser that does not read (a stalled tab, a slow link) must not make the server hold frames
without end. When ``DJWIRE["max_queued_frames"]`` frames wait, the socket is told why and
closed with code 4008; the client reconnects and resumes each view from the state the server
kept, which is always current (pushes are applied to the state whatever the socket's speed).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

logger = logging.getLogger("djwire.transport")


class Outbox:
    """Queue text frames; a writer task sends them in order."""

    def __init__(
        self,
        write: Callable[[str], Awaitable[None]],
        overflow: Callable[[int], Coroutine[Any, Any, None]],
        limit: int,
    ) -> None:
        self._write = write
        self._overflow = overflow
        self._limit = limit
        self._frames: deque[str] = deque()
        self._ready = asyncio.Event()
        self._closed = False
        self._overflowing: asyncio.Task[None] | None = None
        self._writer = asyncio.create_task(self._run())

    def put(self, text: str) -> None:
        """Queue a frame. Never suspends, so frames queued by one task keep their order."""
        if self._closed:
            return
        if len(self._frames) >= self._limit:
            self._closed = True
            self._frames.clear()
            self._overflowing = asyncio.create_task(self._overflow(self._limit))
            return
        self._frames.append(text)
        self._ready.set()

    async def _run(self) -> None:
        while True:
            await self._ready.wait()
            while self._frames:
                await self._write(self._frames.popleft())
            self._ready.clear()

    async def close(self) -> None:
        """Stop writing; frames still queued are dropped (the socket is gone)."""
        self._closed = True
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer
