"""The one WebSocket of a page: reads frames, routes them to joins, answers every refusal.

No frame kills the socket (any failure is an error frame), every frame kind is rate-limited,
and whatever way the socket ends (a close, a crash, a cancelled task) its joins leave.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import reset_queries

from djwire import conf
from djwire.transport.binding import socket_browser_key
from djwire.transport.errors import ProtocolError, crashed
from djwire.transport.frames import decode_frame, encode_frame, encoded_frame, peek_ref_topic
from djwire.transport.joins import Join, factory_for
from djwire.transport.limits import Holders, TokenBucket, check_shape
from djwire.transport.logs import SocketLog, shorten
from djwire.transport.outbox import TOO_MANY_BYTES, Outbox, frame_send, text_bytes
from djwire.transport.protocol import (
    CLOSE_TOO_MANY_SOCKETS,
    CLOSE_TOO_SLOW,
    ERROR_ALREADY_JOINED,
    ERROR_JOIN_FAILED,
    ERROR_PROTOCOL_MISMATCH,
    ERROR_RATE_LIMITED,
    ERROR_SERVER_ERROR,
    ERROR_TOO_LARGE,
    ERROR_TOO_MANY_JOINS,
    ERROR_TOO_MANY_SOCKETS,
    ERROR_TOO_SLOW,
    ERROR_UNKNOWN_EVENT,
    ERROR_UNKNOWN_TOPIC,
    EVENT_ERROR,
    EVENT_HEARTBEAT,
    EVENT_JOIN,
    EVENT_LEAVE,
    EVENT_OK,
    PAYLOAD_PROTOCOL,
    PROTOCOL_VERSION,
    SOCKET_TOPIC,
    error_payload,
)
from djwire.transport.request import session_key_of
from djwire.transport.serving import mark_serving_sockets

logger = logging.getLogger("djwire.transport")

# What this process holds: sockets per session and per client address, joins per grant.
SOCKETS = Holders()
JOINS = Holders()


class SocketConsumer(AsyncWebsocketConsumer):
    """Carries every join of one page. Frames are handled one at a time, in arrival order."""

    # No channel of its own in the channel layer: pushes reach the socket through its
    # process's hub (djwire.pubsub), so a channel per socket would only cost a Redis
    # subscription per browser, and fail the connection while Redis is down.
    channel_layer_alias = None  # type: ignore[assignment]
    # False skips the frame-rate limits: as_asgi(rate_limited=False), for test clients.
    rate_limited: bool = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.rate_limited = kwargs.pop("rate_limited", self.rate_limited)
        super().__init__(*args, **kwargs)
        self.joins: dict[str, Join] = {}
        self._held: list[tuple[str, str]] = []  # the SOCKETS keys this socket counts in
        self._grants: dict[str, Any] = {}  # topic -> the JOINS key its join counts in
        self._released = False
        self.outbox: Outbox | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        # Channels calls disconnect() only when the server reports the close. A consumer that
        # raised, or whose task was cancelled (the server shutting it down), must release its
        # joins too: else their ticks, subscriptions and saves run on for nobody.
        try:
            await self._serve(scope, receive, send)
        finally:
            await self._release()

    async def _serve(self, scope: Any, receive: Any, send: Any) -> None:
        # Channels' AsyncConsumer.__call__ with no channel layer, but each message awaited in
        # this task: Channels awaits every receive() in a task of its own, through
        # asyncio.wait, so an idle socket held a second task, its waiter future and callbacks,
        # and the finished task of the last message (~3 KB a socket; docs/benchmarks.md).
        self.scope = scope
        self.channel_layer = None  # type: ignore[assignment]  # as Channels leaves it: none
        self.base_send = send
        with contextlib.suppress(StopConsumer):
            while True:
                await self.dispatch(await receive())

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels' dispatch closes stale database connections around every message: a thread
        # hop each time. djwire's database work goes through database_sync_to_async, which does
        # that inside the thread, so frames are dispatched without the hop.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"no handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        mark_serving_sockets()
        self.log = SocketLog(logger)
        self.bucket = TokenBucket(conf.get("event_rate"), conf.get("event_burst"))
        self.join_bucket = TokenBucket(conf.get("join_rate"), conf.get("join_burst"))
        self.max_bytes: int = conf.get("max_message_bytes")
        self._frame_send = frame_send(self.base_send)
        self.outbox = Outbox(
            self._write, self._too_slow, conf.get("max_queued_bytes"), conf.get("send_timeout")
        )
        await self.accept()
        refusal = self._count_socket()
        if refusal is not None:
            self.log.log(logging.WARNING, "refused a socket: %s", refusal)
            error = error_payload(ERROR_TOO_MANY_SOCKETS, refusal)
            await self._write(encode_frame(None, SOCKET_TOPIC, EVENT_ERROR, error))
            await self.close(code=CLOSE_TOO_MANY_SOCKETS, reason=ERROR_TOO_MANY_SOCKETS)

    def _count_socket(self) -> str | None:
        """Count this socket for its session and address; the refusal's reason past a cap."""
        keys = []
        scope: Any = self.scope
        # An anonymous browser has no session made for it: its CSRF cookie stands for one.
        session_key = session_key_of(scope) or socket_browser_key(scope)
        if session_key is not None:
            keys.append(("session", session_key, "max_sockets_per_session"))
        client = scope.get("client")
        if client:
            keys.append(("address", str(client[0]), "max_sockets_per_address"))
        for kind, key, setting in keys:
            limit: int | None = conf.get(setting)
            if not SOCKETS.hold((kind, key), limit):
                return f"this {kind} has {limit} sockets open already (DJWIRE[{setting!r}])"
            self._held.append((kind, key))
        return None

    async def disconnect(self, code: int) -> None:
        await self._release()

    async def _release(self) -> None:
        """Leave every join and stop writing; safe to call more than once."""
        if self._released:
            return
        self._released = True
        joins, self.joins = self.joins, {}
        for topic, join in joins.items():
            await self._leave(topic, join)
        for key in self._held:
            SOCKETS.release(key)
        self._held = []
        if self.outbox is not None:
            await self.outbox.close()
        if hasattr(self, "log"):
            self.log.close()

    async def _leave(self, topic: str, join: Join) -> None:
        grant = self._grants.pop(topic, None)
        if grant is not None:
            JOINS.release(grant)
        try:
            await join.leave()
        except Exception:
            # One join failing to leave must not keep the others running.
            logger.exception("leaving %r failed", shorten(topic))

    def send_frame(self, ref: int | None, topic: str, event: str, payload: Any) -> None:
        """Queue a frame for the browser; frames leave in the order they are queued."""
        if self.outbox is not None:
            self.outbox.put(encode_frame(ref, topic, event, payload))

    def send_encoded(self, topic: str, event: str, payload: bytes) -> None:
        """Queue a server-initiated frame whose payload is JSON already (encoded once for every
        socket a message fans out to); in order with :meth:`send_frame`."""
        if self.outbox is not None:
            self.outbox.put(encoded_frame(topic, event, payload))

    def _write(self, text: str) -> Coroutine[Any, Any, None]:
        # The server's own send: Channels' send() and its session middleware's wrapper add
        # coroutine layers that a push to thousands of sockets pays once per socket.
        # (asgiref's type wants a "bytes" key too; Channels' own send leaves it out, and its
        # test communicator refuses a message that has both.)
        message: Any = {"type": "websocket.send", "text": text}
        result: Coroutine[Any, Any, None] = self._frame_send(message)
        return result

    async def _too_slow(self, why: str) -> None:
        if why == TOO_MANY_BYTES:
            reason = "more than DJWIRE['max_queued_bytes'] bytes were waiting for this browser"
        else:
            reason = "a frame took longer than DJWIRE['send_timeout'] seconds to send"
        logger.warning("closing a socket that does not keep up (code 4008): %s", reason)
        # Closed at once, not told with an error frame: it would wait behind what the browser
        # does not read. The joins leave now; the page resumes from the state kept for it.
        await self._release()
        await self.close(code=CLOSE_TOO_SLOW, reason=ERROR_TOO_SLOW)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self._released:
            return  # cut off as too slow: what still arrives has no joins to go to
        raw = text_data if text_data is not None else bytes_data or b""
        # Bytes, not characters: a text frame's size is its UTF-8 size.
        size = text_bytes(raw) if isinstance(raw, str) else len(raw)
        if size > self.max_bytes:
            # Not parsed: reading an oversized frame is the cost the limit exists to avoid.
            reason = (
                f"frame of {size} bytes is over the limit of {self.max_bytes} "
                "(DJWIRE['max_message_bytes'])"
            )
            self._refuse(None, SOCKET_TOPIC, ProtocolError(ERROR_TOO_LARGE, reason))
            return
        if self.rate_limited and not self.bucket.take():
            # Every frame kind counts (heartbeats too), and is refused before it is parsed.
            reason = f"more than {self.bucket.rate:g} frames/s (DJWIRE['event_rate']); not run"
            self._refuse(*peek_ref_topic(raw), ProtocolError(ERROR_RATE_LIMITED, reason))
            return
        try:
            ref, topic, event, payload = decode_frame(raw)
            check_shape(payload)
        except ProtocolError as error:
            self._refuse(*peek_ref_topic(raw), error)
            return
        try:
            await self._dispatch(ref, topic, event, payload)
        except ProtocolError as error:
            self._refuse(ref, topic, error)
        except Exception as error:
            # A bug of djwire's or a join kind's must cost this frame only, never the socket
            # and the other joins on it.
            self.log.log(
                logging.ERROR,
                "handling a %r frame on topic %r failed",
                shorten(event),
                shorten(topic),
                exc_info=True,
            )
            advice = "see the server's log"
            self._refuse(
                ref, topic, crashed(ERROR_SERVER_ERROR, "handling this frame", error, advice)
            )
        finally:
            if settings.DEBUG:
                # As Django does per request: DEBUG's query log must not grow for as long as
                # the socket lives. It is kept per thread, so it is reset in the sync thread.
                await database_sync_to_async(reset_queries)()

    async def _dispatch(
        self, ref: int | None, topic: str, event: str, payload: dict[str, Any]
    ) -> None:
        if topic == SOCKET_TOPIC:
            if event != EVENT_HEARTBEAT:
                reason = f"the socket topic knows only {EVENT_HEARTBEAT!r}"
                raise ProtocolError(ERROR_UNKNOWN_EVENT, reason)
            self.send_frame(ref, topic, EVENT_OK, {})
            return
        if event == EVENT_JOIN:
            await self._join(ref, topic, payload)
            return
        joined = self.joins.get(topic)
        if joined is None:
            raise ProtocolError(ERROR_UNKNOWN_TOPIC, f"topic {shorten(topic)!r} is not joined")
        if event == EVENT_LEAVE:
            del self.joins[topic]
            await self._leave(topic, joined)
            self.send_frame(ref, topic, EVENT_OK, {})
            return
        await joined.handle(ref, event, payload)

    async def _join(self, ref: int | None, topic: str, payload: dict[str, Any]) -> None:
        if topic in self.joins:
            raise ProtocolError(ERROR_ALREADY_JOINED, f"topic {shorten(topic)!r} is joined already")
        limit: int = conf.get("max_joins_per_socket")
        if len(self.joins) >= limit:
            reason = f"this socket has {limit} joins (DJWIRE['max_joins_per_socket']); leave one"
            raise ProtocolError(ERROR_TOO_MANY_JOINS, reason)
        if self.rate_limited and not self.join_bucket.take():
            reason = f"more than {self.join_bucket.rate:g} joins/s (DJWIRE['join_rate'])"
            raise ProtocolError(ERROR_RATE_LIMITED, reason)
        _check_protocol(payload)
        join, reply = await factory_for(topic)(self, topic, payload)
        # One page's token is one page: joined on many sockets (or many topics) at once it is
        # being replayed. Counted by the grant the join kind names, whatever token refreshed it.
        grant = getattr(join, "grant_key", None)
        if grant is not None:
            per_token: int = conf.get("max_joins_per_token")
            if not JOINS.hold(grant, per_token):
                # Not started, so it holds nothing yet: no leave() (a window would park).
                reason = (
                    f"this token is joined {per_token} times already "
                    "(DJWIRE['max_joins_per_token']); leave one or reload the page"
                )
                raise ProtocolError(ERROR_TOO_MANY_JOINS, reason)
            self._grants[topic] = grant
        self.joins[topic] = join
        self.send_frame(ref, topic, EVENT_OK, reply)
        try:
            await join.start()
        except Exception as error:
            logger.exception("starting the join of %r failed", shorten(topic))
            del self.joins[topic]
            await self._leave(topic, join)
            raise crashed(ERROR_JOIN_FAILED, "starting the join", error, "join again") from None

    def _refuse(self, ref: int | None, topic: str, error: ProtocolError) -> None:
        self.log.log(
            logging.WARNING,
            "refused frame on topic %r: %s: %s",
            shorten(topic),
            error.code,
            shorten(error.reason),
        )
        self.send_frame(
            ref,
            topic,
            EVENT_ERROR,
            error_payload(error.code, shorten(error.reason), error.exception),
        )


def _check_protocol(payload: dict[str, Any]) -> None:
    version = payload.get(PAYLOAD_PROTOCOL)
    if version != PROTOCOL_VERSION:
        reason = (
            f"the page's djwire.js speaks protocol {shorten(repr(version))}, this server "
            f"{PROTOCOL_VERSION}: reload the page"
        )
        raise ProtocolError(ERROR_PROTOCOL_MISMATCH, reason)
