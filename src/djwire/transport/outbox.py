"""The frames waiting to go out on one socket: ordered, bounded by bytes and by time.

A browser that does not read (a stalled tab, a slow link) must not make the server hold frames
without end. The socket counts as too slow when the frames waiting for it pass
``DJWIRE["max_queued_bytes"]``, or when one frame has been on its way for
``DJWIRE["send_timeout"]`` seconds (the reader stopped reading: the server's send is blocked).
Then ``overflow`` is called once, and nothing more is queued or written; the consumer closes
the socket with code 4008 and the client reconnects and resumes each view from the state the
server kept, which is always current (pushes are applied whatever the socket's speed).

A frame put while nothing is on its way is written at once, by the caller: an ASGI server's
send of a socket whose TCP buffer has room completes without suspending (it hands the bytes
to the kernel), and a push to a thousand sockets then costs a thousand sends, not a thousand
task wake-ups and timers as well. Only a send that suspends (the buffer is full) is carried
on by a writer task, under the send timeout, with the frames put meanwhile queued behind it.
The send's first step runs in whatever task (or callback) put the frame: this assumes the
server's send ties nothing to the task it runs in across a suspension (no ``asyncio.timeout``
of its own around the wait), true of uvicorn's three WebSocket implementations and daphne.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import types
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import Any

from channels.sessions import InstanceSessionWrapper

logger = logging.getLogger("djwire.transport")

# Why a socket was cut off, passed to ``overflow``.
TOO_MANY_BYTES = "bytes"
STALLED = "stalled"

Write = Callable[[str], Coroutine[Any, Any, None]]


def frame_send(send: Callable[[Any], Awaitable[None]]) -> Callable[[Any], Any]:
    """The ASGI ``send`` a socket's ``websocket.send`` messages can take: ``send`` itself, or
    what Channels' session middleware wraps. Its wrapper acts on the messages that carry
    cookies (an HTTP response's start) and passes every other one on as it is, so a frame
    skips it; the handshake and the close still go through the whole chain."""
    while isinstance(owner := getattr(send, "__self__", None), InstanceSessionWrapper):
        if "websocket.send" in owner.save_message_types:
            break  # a Channels that saves sessions on frames: keep its wrapper
        send = owner.real_send
    return send


def text_bytes(text: str) -> int:
    """The UTF-8 size of ``text``; cheap for ASCII, which most frames are."""
    return len(text) if text.isascii() else len(text.encode())


class Outbox:
    """Write text frames in order: at once when the socket is idle, else behind the others."""

    def __init__(
        self,
        write: Write,
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
        self._closed = False
        # True while a frame is on its way: being written by put(), or by the writer task.
        self._sending = False
        self._writer: asyncio.Task[None] | None = None  # only while a send is suspended
        self._overflowing: asyncio.Task[None] | None = None

    def put(self, text: str) -> None:
        """Queue a frame. Never suspends, so frames queued by one task keep their order."""
        if self._closed:
            return
        if not self._sending:
            self._send_from(text)
            return
        size = text_bytes(text)
        # A frame bigger than the limit still goes out alone: a view's whole tree must reach
        # a page that reads, or it would reconnect and be cut off again, forever.
        if self._frames and self.queued_bytes + size > self.max_bytes:
            self._cut_off(TOO_MANY_BYTES)
            return
        self._frames.append((text, size))
        self.queued_bytes += size

    def _send_from(self, text: str) -> None:
        """Send ``text``, then what is queued, until one send suspends or none is left."""
        self._sending = True
        while True:
            sending = self._write(text)
            try:
                waiting_on = sending.send(None)
            except StopIteration:
                if not self._frames or self._closed:
                    self._sending = False
                    return
                text, size = self._frames.popleft()
                self.queued_bytes -= size
                continue
            except Exception as error:
                self._failed(error)
                return
            # The send suspended (the socket's buffer is full): a task carries it on under
            # the send timeout; what is put meanwhile waits behind it.
            self._writer = asyncio.create_task(self._carry_on(sending, waiting_on))
            return

    async def _carry_on(self, sending: Coroutine[Any, Any, None], waiting_on: Any) -> None:
        try:
            async with asyncio.timeout(self.send_timeout):
                await _resume(sending, waiting_on)
        except TimeoutError:
            if not self._closed:
                self._cut_off(STALLED)
            return
        except Exception as error:
            self._failed(error)
            return
        finally:
            self._writer = None
        if self._frames and not self._closed:
            text, size = self._frames.popleft()
            self.queued_bytes -= size
            self._send_from(text)
        else:
            self._sending = False

    def _failed(self, error: Exception) -> None:
        # The server refused the send: the socket is closing, and its disconnect releases
        # the joins. Nothing more can reach this browser; the page resumes as it reconnects.
        self._closed = True
        self._frames.clear()
        self.queued_bytes = 0
        logger.info("a frame could not be sent, the socket is gone: %r", error)

    def _cut_off(self, why: str) -> None:
        self._closed = True
        self._frames.clear()
        self.queued_bytes = 0
        self._overflowing = asyncio.create_task(self._overflow(why))

    async def close(self) -> None:
        """Stop writing; frames still queued are dropped (the socket is gone)."""
        self._closed = True
        writer = self._writer
        if writer is not None:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer


@types.coroutine
def _resume(sending: Coroutine[Any, Any, None], waiting_on: Any) -> Generator[Any, Any, None]:
    """Carry on, as part of the awaiting task, a coroutine that was stepped by hand and
    suspended on ``waiting_on`` (what ``yield from`` does for a coroutine it started)."""
    while True:
        try:
            resumed_with = yield waiting_on
        except GeneratorExit:
            sending.close()
            raise
        except BaseException as error:  # a cancellation, passed in for the send to handle
            try:
                waiting_on = sending.throw(error)
            except StopIteration:
                return
        else:
            try:
                waiting_on = sending.send(resumed_with)
            except StopIteration:
                return
