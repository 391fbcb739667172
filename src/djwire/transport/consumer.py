"""The one WebSocket of a page: reads frames, routes them to joins, answers every refusal."""

from __future__ import annotations

import logging
from typing import Any

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer

from djwire import conf
from djwire.transport.errors import ProtocolError, crashed
from djwire.transport.frames import decode_frame, encode_frame, encoded_frame, peek_ref_topic
from djwire.transport.joins import Join, factory_for
from djwire.transport.limits import TokenBucket
from djwire.transport.outbox import Outbox
from djwire.transport.protocol import (
    CLOSE_TOO_SLOW,
    ERROR_ALREADY_JOINED,
    ERROR_JOIN_FAILED,
    ERROR_PROTOCOL_MISMATCH,
    ERROR_RATE_LIMITED,
    ERROR_SERVER_ERROR,
    ERROR_TOO_LARGE,
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

logger = logging.getLogger("djwire.transport")


class SocketConsumer(AsyncWebsocketConsumer):
    """Carries every join of one page. Frames are handled one at a time, in arrival order."""

    # No channel of its own in the channel layer: pushes reach the socket through its
    # process's hub (djwire.pubsub), so a channel per socket would only cost a Redis
    # subscription per browser, and fail the connection while Redis is down.
    channel_layer_alias = None  # type: ignore[assignment]
    # False skips the event-rate limit: as_asgi(rate_limited=False), for test clients.
    rate_limited: bool = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.rate_limited = kwargs.pop("rate_limited", self.rate_limited)
        super().__init__(*args, **kwargs)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels' dispatch closes stale database connections around every message: a thread
        # hop each time. djwire's database work goes through database_sync_to_async, which does
        # that inside the thread, so frames are dispatched without the hop.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"no handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        self.joins: dict[str, Join] = {}
        self.bucket = TokenBucket(conf.get("event_rate"), conf.get("event_burst"))
        self.max_bytes: int = conf.get("max_message_bytes")
        self.outbox = Outbox(self._write, self._too_slow, conf.get("max_queued_frames"))
        await self.accept()

    async def disconnect(self, code: int) -> None:
        joins, self.joins = self.joins, {}
        for join in joins.values():
            await join.leave()
        await self.outbox.close()

    def send_frame(self, ref: int | None, topic: str, event: str, payload: Any) -> None:
        """Queue a frame for the browser; frames leave in the order they are queued."""
        self.outbox.put(encode_frame(ref, topic, event, payload))

    def send_encoded(self, topic: str, event: str, payload: bytes) -> None:
        """Queue a server-initiated frame whose payload is JSON already (encoded once for every
        socket a message fans out to); in order with :meth:`send_frame`."""
        self.outbox.put(encoded_frame(topic, event, payload))

    async def _write(self, text: str) -> None:
        # Straight to the ASGI send: Channels' send() adds two coroutine layers that a push to
        # thousands of sockets pays once per socket.
        # (asgiref's type wants a "bytes" key too; Channels' own send leaves it out, and its
        # test communicator refuses a message that has both.)
        message: Any = {"type": "websocket.send", "text": text}
        await self.base_send(message)

    async def _too_slow(self, limit: int) -> None:
        reason = f"{limit} frames were waiting for this browser (DJWIRE['max_queued_frames'])"
        logger.warning("closing a socket that does not keep up: %s", reason)
        error = error_payload(ERROR_TOO_SLOW, f"{reason}; reconnect to resume")
        await self._write(encode_frame(None, SOCKET_TOPIC, EVENT_ERROR, error))
        await self.close(code=CLOSE_TOO_SLOW)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        raw = text_data if text_data is not None else bytes_data or b""
        if len(raw) > self.max_bytes:
            # Not parsed: reading an oversized frame is the cost the limit exists to avoid.
            reason = (
                f"frame of {len(raw)} bytes is over the limit of {self.max_bytes} "
                "(DJWIRE['max_message_bytes'])"
            )
            self._refuse(None, SOCKET_TOPIC, ProtocolError(ERROR_TOO_LARGE, reason))
            return
        try:
            ref, topic, event, payload = decode_frame(raw)
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
            logger.exception("handling a %r frame on topic %r failed", event, topic)
            advice = "see the server's log"
            self._refuse(
                ref, topic, crashed(ERROR_SERVER_ERROR, "handling this frame", error, advice)
            )

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
            if topic in self.joins:
                raise ProtocolError(ERROR_ALREADY_JOINED, f"topic {topic!r} is joined already")
            _check_protocol(payload)
            join, reply = await factory_for(topic)(self, topic, payload)
            self.joins[topic] = join
            self.send_frame(ref, topic, EVENT_OK, reply)
            try:
                await join.start()
            except Exception as error:
                logger.exception("starting the join of %r failed", topic)
                del self.joins[topic]
                await join.leave()
                raise crashed(ERROR_JOIN_FAILED, "starting the join", error, "join again") from None
            return
        joined = self.joins.get(topic)
        if joined is None:
            raise ProtocolError(ERROR_UNKNOWN_TOPIC, f"topic {topic!r} is not joined")
        if event == EVENT_LEAVE:
            del self.joins[topic]
            await joined.leave()
            self.send_frame(ref, topic, EVENT_OK, {})
            return
        if self.rate_limited and not self.bucket.take():
            raise ProtocolError(
                ERROR_RATE_LIMITED,
                f"more than {self.bucket.rate:g} requests/s (DJWIRE['event_rate']); "
                f"{event!r} not run",
            )
        await joined.handle(ref, event, payload)

    def _refuse(self, ref: int | None, topic: str, error: ProtocolError) -> None:
        logger.warning("refused frame on topic %r: %s: %s", topic, error.code, error.reason)
        self.send_frame(ref, topic, EVENT_ERROR, error.payload())


def _check_protocol(payload: dict[str, Any]) -> None:
    version = payload.get(PAYLOAD_PROTOCOL)
    if version != PROTOCOL_VERSION:
        reason = (
            f"the page's djwire.js speaks protocol {version!r}, this server {PROTOCOL_VERSION}: "
            "reload the page"
        )
        raise ProtocolError(ERROR_PROTOCOL_MISMATCH, reason)
