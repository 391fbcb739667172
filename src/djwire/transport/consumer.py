"""The one WebSocket of a page: reads frames, routes them to joins, answers every refusal."""

from __future__ import annotations

import logging
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

from djwire import conf
from djwire.transport.errors import ProtocolError
from djwire.transport.frames import decode_frame, encode_frame, peek_ref_topic
from djwire.transport.joins import Join, factory_for
from djwire.transport.limits import TokenBucket
from djwire.transport.protocol import (
    ERROR_ALREADY_JOINED,
    ERROR_RATE_LIMITED,
    ERROR_TOO_LARGE,
    ERROR_UNKNOWN_EVENT,
    ERROR_UNKNOWN_TOPIC,
    EVENT_ERROR,
    EVENT_EVENT,
    EVENT_HEARTBEAT,
    EVENT_JOIN,
    EVENT_LEAVE,
    EVENT_OK,
    SOCKET_TOPIC,
)

logger = logging.getLogger("djwire.transport")


class SocketConsumer(AsyncWebsocketConsumer):
    """Carries every join of one page. Frames are handled one at a time, in arrival order."""

    async def connect(self) -> None:
        self.joins: dict[str, Join] = {}
        self.bucket = TokenBucket(conf.get("event_rate"), conf.get("event_burst"))
        self.max_bytes: int = conf.get("max_message_bytes")
        await self.accept()

    async def disconnect(self, code: int) -> None:
        joins, self.joins = self.joins, {}
        for join in joins.values():
            await join.leave()

    async def send_frame(self, ref: int | None, topic: str, event: str, payload: Any) -> None:
        await self.send(text_data=encode_frame(ref, topic, event, payload))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        raw = text_data if text_data is not None else bytes_data or b""
        if len(raw) > self.max_bytes:
            # Not parsed: reading an oversized frame is the cost the limit exists to avoid.
            await self._refuse(
                None,
                SOCKET_TOPIC,
                ProtocolError(
                    ERROR_TOO_LARGE,
                    f"frame of {len(raw)} bytes is over the limit of {self.max_bytes} "
                    "(DJWIRE['max_message_bytes'])",
                ),
            )
            return
        try:
            ref, topic, event, payload = decode_frame(raw)
        except ProtocolError as error:
            await self._refuse(*peek_ref_topic(raw), error)
            return
        try:
            reply = await self._dispatch(topic, event, payload)
        except ProtocolError as error:
            await self._refuse(ref, topic, error)
            return
        await self.send_frame(ref, topic, EVENT_OK, reply)

    async def _dispatch(self, topic: str, event: str, payload: dict[str, Any]) -> dict[str, Any]:
        if topic == SOCKET_TOPIC:
            if event == EVENT_HEARTBEAT:
                return {}
            raise ProtocolError(
                ERROR_UNKNOWN_EVENT, f"the socket topic knows only {EVENT_HEARTBEAT!r}"
            )
        if event == EVENT_JOIN:
            if topic in self.joins:
                raise ProtocolError(ERROR_ALREADY_JOINED, f"topic {topic!r} is joined already")
            join, reply = await factory_for(topic)(self, topic, payload)
            self.joins[topic] = join
            return reply
        joined = self.joins.get(topic)
        if joined is None:
            raise ProtocolError(ERROR_UNKNOWN_TOPIC, f"topic {topic!r} is not joined")
        if event == EVENT_LEAVE:
            del self.joins[topic]
            await joined.leave()
            return {}
        if event == EVENT_EVENT and not self.bucket.take():
            raise ProtocolError(
                ERROR_RATE_LIMITED,
                f"more than {self.bucket.rate:g} events/s (DJWIRE['event_rate']); event not run",
            )
        return await joined.handle(event, payload)

    async def _refuse(self, ref: int | None, topic: str, error: ProtocolError) -> None:
        logger.warning("refused frame on topic %r: %s: %s", topic, error.code, error.reason)
        await self.send_frame(ref, topic, EVENT_ERROR, {"code": error.code, "reason": error.reason})
