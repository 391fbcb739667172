"""A channel joined on the page's socket: the join kind ``sync:``.

The page joins with the token its view signed (``ProjectChannel.token_for(request, ...)``),
or, from a front end no Django view served, with the channel's name and URL kwargs
(``has_permission`` is then the only gate: see :mod:`djwire.sync.grant`), and, when it
reconnects, its watermark (the newest version it holds). The user is the
socket's session user, or the user of the join's credential (``auth``: a DRF token, a JWT)
for ``DJWIRE["sync_authenticator"]``. A refused join is an error frame on its topic
(``login_required``, ``forbidden``, ``not_found``, ``unauthorized``, ``bad_token``...) and the
socket's other joins go on. The join reply carries a fresh token and the state's shape (how
its layers nest); the state follows as an ``instances`` frame.
"""

from __future__ import annotations

from typing import Any

from djwire.pubsub import Message
from djwire.sync.channels import channel_named
from djwire.sync.connection import Connection, admit
from djwire.sync.grant import (
    ChannelGrant,
    make_channel_token,
    named_grant,
    read_channel_token,
)
from djwire.sync.protocol import (
    EVENT_ANCHORS,
    EVENT_CALL,
    EVENT_INSTANCES,
    EVENT_NOTIFICATION,
    EVENT_RUNTIME,
    PAYLOAD_ACTION,
    PAYLOAD_ANCHORS,
    PAYLOAD_ARGS,
    PAYLOAD_AUTH,
    PAYLOAD_CHANNEL,
    PAYLOAD_DATA,
    PAYLOAD_INSTANCES,
    PAYLOAD_KWARGS,
    PAYLOAD_RESET,
    PAYLOAD_RESULT,
    PAYLOAD_SHAPE,
    PAYLOAD_VALUE,
    PAYLOAD_VAR,
    PAYLOAD_VERSION,
    PAYLOAD_WATERMARK,
)
from djwire.sync.writes import WRITE_EVENTS, answer_write
from djwire.transport.binding import socket_binding
from djwire.transport.errors import ProtocolError
from djwire.transport.joins import Socket
from djwire.transport.protocol import (
    ERROR_BAD_PARAMS,
    ERROR_BAD_TOKEN,
    ERROR_UNKNOWN_EVENT,
    EVENT_OK,
    PAYLOAD_NEW_TOKEN,
    PAYLOAD_TOKEN,
)


async def join_channel(
    socket: Socket, topic: str, payload: dict[str, Any]
) -> tuple[ChannelJoin, dict[str, Any]]:
    """Join a channel (the ``sync:`` join kind) with the token its page was served with, or
    by the channel's name and URL kwargs."""
    binding = socket_binding(socket.scope)
    grant = _grant_of(payload, binding)
    channel_class = channel_named(grant.channel_name)
    if channel_class is None:
        raise ProtocolError(ERROR_BAD_TOKEN, f"no channel is named {grant.channel_name!r}")
    watermark = payload.get(PAYLOAD_WATERMARK)
    if watermark is not None and (isinstance(watermark, bool) or not isinstance(watermark, int)):
        raise ProtocolError(ERROR_BAD_PARAMS, "the watermark must be an integer version or null")
    channel = await admit(channel_class, socket.scope, payload.get(PAYLOAD_AUTH), grant.kwargs)
    join = ChannelJoin(socket, topic, channel, watermark)
    reply: dict[str, Any] = {PAYLOAD_SHAPE: channel_class._tree.shape()}
    if grant.signed:
        # A named join re-joins by name: it has no token to refresh.
        reply[PAYLOAD_NEW_TOKEN] = make_channel_token(grant, binding)
    return join, reply


def _grant_of(payload: dict[str, Any], binding: str) -> ChannelGrant:
    if PAYLOAD_CHANNEL not in payload:
        return read_channel_token(payload.get(PAYLOAD_TOKEN), binding)
    if PAYLOAD_TOKEN in payload:
        raise ProtocolError(
            ERROR_BAD_PARAMS, "join with a token or with a channel's name and kwargs, not both"
        )
    return named_grant(payload[PAYLOAD_CHANNEL], payload.get(PAYLOAD_KWARGS), channel_named)


class ChannelJoin:
    """One channel on a page's socket; also the :class:`~djwire.sync.connection.Sink` that
    writes its frames."""

    def __init__(self, socket: Socket, topic: str, channel: Any, watermark: int | None) -> None:
        self.socket = socket
        self.topic = topic
        self.watermark = watermark
        self.connection = Connection(channel, self)

    @property
    def channel(self) -> Any:
        """The channel instance on the server."""
        return self.connection.channel

    async def start(self) -> None:
        await self.connection.start(self.watermark)

    async def leave(self) -> None:
        await self.connection.close()

    async def handle(self, ref: int | None, event: str, payload: dict[str, Any]) -> None:
        if event in WRITE_EVENTS:

            def reply(reply_event: str, body: Any) -> None:
                self.socket.send_frame(ref, self.topic, reply_event, body)

            await answer_write(self.channel, event, payload, reply)
            return
        if event != EVENT_CALL:
            known = ", ".join([EVENT_CALL, *WRITE_EVENTS])
            raise ProtocolError(ERROR_UNKNOWN_EVENT, f"a channel knows only {known}")
        result = await self.connection.call(
            payload.get(PAYLOAD_ACTION),
            payload.get(PAYLOAD_ARGS, []),
            payload.get(PAYLOAD_KWARGS, {}),
        )
        self.socket.send_frame(ref, self.topic, EVENT_OK, {PAYLOAD_RESULT: result})

    # -- the sink ----------------------------------------------------------------------

    def instances(
        self, version: int, layers: list[dict[str, Any]], anchors: list[Any], *, reset: bool
    ) -> None:
        payload: dict[str, Any] = {
            PAYLOAD_VERSION: version,
            PAYLOAD_INSTANCES: layers,
            PAYLOAD_ANCHORS: anchors,
        }
        if reset:
            payload[PAYLOAD_RESET] = True
        self.socket.send_frame(None, self.topic, EVENT_INSTANCES, payload)

    def live(self, message: Message) -> None:
        # The bytes as published: encoded once for every socket of the process.
        value = message.value
        event = EVENT_NOTIFICATION if PAYLOAD_DATA in value else EVENT_INSTANCES
        self.socket.send_encoded(self.topic, event, message.data)

    def anchors(self, anchors: list[Any], prepended: Any) -> None:
        self.socket.send_frame(None, self.topic, EVENT_ANCHORS, {PAYLOAD_ANCHORS: anchors})

    def runtime(self, name: str, value: Any) -> None:
        payload = {PAYLOAD_VAR: name, PAYLOAD_VALUE: value}
        self.socket.send_frame(None, self.topic, EVENT_RUNTIME, payload)

    def notification(self, data: Any) -> None:
        self.socket.send_frame(None, self.topic, EVENT_NOTIFICATION, {PAYLOAD_DATA: data})
