"""The frames waiting to go out on one socket: ordered, bounded by bytes, written by one task.

A browser that does not read (a stalled tab, a slow link) must not make the server hold frames
without end. The socket counts as too slow when the frames waiting for it pass
``DJWIRE["max_queued_bytes"]``, or when one frame has been on its way for
``DJWIRE["send_timeout"]`` seconds (the reader stopped reading: the server's send is blocked).
Then ``overflow`` is called once, and nothing more is queued or written; the consumer closes
the socket with code 4008 and the client reconnects and resumes each view from the state the
server kept, which is always current (pushes are applied whatever the socket's speed).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

# Why a socket was cut off, passed to ``overflow``.
TOO_MANY_BYTES = "bytes"
STALLED = "stalled"


def text_bytes(text: str) -> int:
    """The UTF-8 size of ``text``; cheap for ASCII, which most frames are."""
    return len(text) if text.isascii() else len(text.encode())


class Outbox:
    """Queue text frames; a writer task sends them in order."""

    def __init__(
        self,
        write: Callable[[str], Awaitable[None]],
        overflow: Callable[[str], Coroutine[Any, Any, None]],
        max_bytes: int,
        send_timeout: float,
    ) -> None:
        self._write = write
        self._overflow = overflow
        self.max_bytes = max_bytes
        self.send_timeout = send_timeout
        self._frames: deque[tuple[str, int]] = deque()
        self.queued_bytes = 0
        self._ready = asyncio.Event()
        self._closed = False
        self._overflowing: asyncio.Task[None] | None = None
        self._writer = asyncio.create_task(self._run())

    def put(self, text: str) -> None:
        """Queue a frame. Never suspends, so frames queued by one task keep their order."""
        if self._closed:
            return
        size = text_bytes(text)
        # A frame bigger than the limit still goes out alone: a view's whole tree must reach
        # a page that reads, or it would reconnect and be cut off again, forever.
        if self._frames and self.queued_bytes + size > self.max_bytes:
            self._cut_off(TOO_MANY_BYTES)
            return
        self._frames.append((text, size))
        self.queued_bytes += size
        self._ready.set()

    def _cut_off(self, why: str) -> None:
        self._closed = True
        self._frames.clear()
        self.queued_bytes = 0
        self._overflowing = asyncio.create_task(self._overflow(why))

    async def _run(self) -> None:
        while True:
            await self._ready.wait()
            while self._frames:
                text, size = self._frames.popleft()
                self.queued_bytes -= size
                try:
                    # asyncio.timeout, not wait_for: no task per frame on the fan-out path.
                    async with asyncio.timeout(self.send_timeout):
                        await self._write(text)
                except TimeoutError:
                    if not self._closed:
                        self._cut_off(STALLED)
                    return
            self._ready.clear()

    async def close(self) -> None:
        """Stop writing; frames still queued are dropped (the socket is gone)."""
        self._closed = True
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer
