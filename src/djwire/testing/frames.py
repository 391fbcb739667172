"""What a test socket received, read as a browser reads it: every frame in arrival order, the
ones nobody read yet, and the listeners of each topic.

:class:`FrameReader` knows frames, not sockets: the socket client (``djwire.testing.socket``)
hands it a way to read one text frame, to wait for quiet, and to tell that the socket ended.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import orjson

Frame = list[Any]  # [ref, topic, event, payload], as docs/protocol.md describes
FrameListener = Callable[[Frame], None]
Topics = str | tuple[str, ...] | None  # one topic, several, or any

# How long a reader that saw a frame coming waits for it to arrive.
_ARRIVAL_TIMEOUT = 5.0


def on(topic: Topics) -> Callable[[Frame], bool]:
    """A test of frames: on ``topic`` (or one of several), or any frame when None."""
    if topic is None:
        return lambda frame: True
    topics = (topic,) if isinstance(topic, str) else topic
    return lambda frame: frame[1] in topics


class FrameReader:
    """The frames of one socket.

    ``read_text(timeout)`` is the socket's next text frame, or None when the socket ended
    meanwhile; ``quiet(timeout)`` is True when nothing arrives within ``timeout`` seconds (or
    the socket is not open); ``ended()`` is True once no frame can come any more.
    """

    def __init__(
        self,
        read_text: Callable[[float], Awaitable[str | bytes | None]],
        quiet: Callable[[float], Awaitable[bool]],
        ended: Callable[[], bool],
    ) -> None:
        self._read_text = read_text
        self._quiet = quiet
        self._ended = ended
        self.frames: list[Frame] = []  # every frame received, in arrival order
        self._unread: deque[Frame] = deque()
        self._listeners: dict[str, list[FrameListener]] = {}
        self._reading = asyncio.Lock()
        self._received = 0  # frames read so far: a reader that waited knows one came

    def on_frame(self, topic: str, listener: FrameListener) -> None:
        """Call ``listener(frame)`` for each frame on ``topic`` as it arrives, before anyone
        reads it."""
        self._listeners.setdefault(topic, []).append(listener)

    def drop_unread(self, matches: Callable[[Frame], bool]) -> None:
        """Mark the unread frames that ``matches`` accepts as read (a client that applied them
        as they arrived)."""
        for frame in [f for f in self._unread if matches(f)]:
            self._unread.remove(frame)

    async def next(self, matches: Callable[[Frame], bool], timeout: float, what: str) -> Frame:
        """The first unread frame that ``matches`` accepts, read now; AssertionError naming
        ``what`` when none arrives within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self._received
            for frame in self._unread:
                if matches(frame):
                    self._unread.remove(frame)
                    return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._ended():
                raise AssertionError(f"{what} did not arrive within {timeout:g} s")
            await self._read_one(remaining, seen)

    async def nothing(self, matches: Callable[[Frame], bool], timeout: float) -> bool:
        """True when no frame that ``matches`` accepts is unread or arrives within
        ``timeout`` seconds. Other frames that arrive meanwhile stay unread."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self._received
            if any(matches(frame) for frame in self._unread):
                return False
            if await self._quiet(max(0.0, deadline - time.monotonic())):
                return True
            await self._read_one(_ARRIVAL_TIMEOUT, seen)

    async def _read_one(self, timeout: float, seen: int) -> None:
        # One reader at a time: a request waiting for its reply and a receive() waiting for a
        # push may run together; whichever reads a frame leaves it unread for the other. A
        # reader that waited while another read (``seen`` frames when it looked) returns to
        # look at that frame first: waiting for one more could outlast its deadline.
        async with self._reading:
            if seen != self._received:
                return
            text = await self._read_text(timeout)
            if text is None:  # the socket ended: the caller raises as its deadline passed
                return
        frame: Frame = orjson.loads(text)
        self._received += 1
        self.frames.append(frame)
        for listener in self._listeners.get(frame[1], ()):
            listener(frame)
        self._unread.append(frame)
