"""A channel on a socket of its own (``ProjectChannel.as_asgi()``), speaking RxDjango's wire.

What a ported RxDjango client sends and expects:

- first frame ``{"token": "<DRF token>", "lastUpdate": <newest _tstamp held> | null}``; the
  token goes to ``DJWIRE["sync_authenticator"]``; without one the socket's session user joins;
- ``{"type": "auth", "statusCode": 200}``, or 401 / 403 / 404 and the socket is closed;
- ``{"type": "initialAnchors", "anchorIds": [...]}``, the state as arrays of layers, then
  ``[{"_operation": "end_initial_state", ...}]``; later arrays of changed layers;
- calls ``{"callId", "action", "params": [...]}`` answered ``{"type": "actionResponse",
  "callId", "result"}`` or ``... "error": {"code", "message"}}``: an unknown action is 403,
  bad params 400, an action that raised 500, and the socket stays open (RxDjango closed it);
- writes ``{"type": "write", "writeId", "operation": "save" | "create" | "delete",
  "instanceType", "instanceId" | "parentType", "parentId", "relationName", "data"}``, checked
  as on the ``sync:`` join (:mod:`djwire.sync.writes`), answered ``{"type": "writeResponse",
  "writeId", "success": true, "instanceId"}`` or ``"success": false, "error": {"code": 400 |
  403 | 404 | 500, "message", "errors"?}}`` (``errors``: per field, for invalid data); the
  socket stays open;
- ``{"type": "runtimeVar", "var", "value"}``, ``{"type": "prependAnchor", "anchorId"}``;
  notifications as a layer of ``_instance_type`` ``"_notification"``.

A reconnecting client that sends ``lastUpdate`` gets what changed since, deletes included
(RxDjango left deletes out), or a fresh state when that is no longer kept.
"""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from typing import Any

import orjson
from channels.generic.websocket import AsyncWebsocketConsumer

from djwire import conf
from djwire.pubsub import Message
from djwire.sync.connection import Connection, admit
from djwire.sync.operations import CREATE, DELETE, SAVE
from djwire.sync.protocol import (
    ERROR_LOGIN_REQUIRED,
    ERROR_NOT_FOUND,
    ERROR_UNAUTHORIZED,
    LAYER_ID,
    LAYER_OPERATION,
    LAYER_TYPE,
    LAYER_VERSION,
    PAYLOAD_DATA,
    PAYLOAD_ERRORS,
    PAYLOAD_ID,
    PAYLOAD_INSTANCES,
    PAYLOAD_PARENT,
    PAYLOAD_TYPE,
)
from djwire.sync.writes import WriteRefused, run_write
from djwire.transport.errors import ProtocolError
from djwire.transport.outbox import Outbox, frame_send
from djwire.transport.protocol import (
    ERROR_BAD_PARAMS,
    ERROR_FORBIDDEN,
    ERROR_HANDLER_ERROR,
    ERROR_REFUSED,
    ERROR_UNKNOWN_HANDLER,
)

logger = logging.getLogger("djwire.sync")

END_INITIAL_STATE = "end_initial_state"
NOTIFICATION_TYPE = "_notification"

# RxDjango's statusCode and error of a refused connection.
_AUTH_STATUS = {
    ERROR_LOGIN_REQUIRED: (401, "error/unauthorized"),
    ERROR_UNAUTHORIZED: (401, "error/unauthorized"),
    ERROR_FORBIDDEN: (403, "error/forbidden"),
    ERROR_NOT_FOUND: (404, "error/not-found"),
}
# ... and of a refused action.
_CALL_STATUS = {
    ERROR_UNKNOWN_HANDLER: 403,
    ERROR_BAD_PARAMS: 400,
    ERROR_REFUSED: 400,
    ERROR_HANDLER_ERROR: 500,
}
# ... and of a refused write.
_WRITE_STATUS = {
    ERROR_BAD_PARAMS: 400,
    ERROR_FORBIDDEN: 403,
    ERROR_NOT_FOUND: 404,
    ERROR_HANDLER_ERROR: 500,
}
WRITE_TYPE = "write"


class StateConsumer(AsyncWebsocketConsumer):
    """The consumer of one channel class (``context_channel_class``), made by ``as_asgi()``."""

    context_channel_class: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connection: Connection | None = None
        self.outbox: Outbox | None = None
        self._authenticating = False

    async def connect(self) -> None:
        self._frame_send = frame_send(self.base_send)
        self.outbox = Outbox(
            self._write, self._too_slow, conf.get("max_queued_bytes"), conf.get("send_timeout")
        )
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.connection is not None:
            connection, self.connection = self.connection, None
            await connection.close()
        if self.outbox is not None:
            await self.outbox.close()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        # However the consumer ends (a crash, a cancelled task), the connection is released.
        try:
            await super().__call__(scope, receive, send)
        finally:
            if self.connection is not None:
                connection, self.connection = self.connection, None
                await connection.close()

    def _write(self, text: str) -> Coroutine[Any, Any, None]:
        # The server's own send, as the page socket's frames take it (transport/consumer.py).
        message: Any = {"type": "websocket.send", "text": text}
        sending: Coroutine[Any, Any, None] = self._frame_send(message)
        return sending

    async def _too_slow(self, why: str) -> None:
        await self.close(code=4008)

    def put(self, value: Any) -> None:
        if self.outbox is not None:
            self.outbox.put(orjson.dumps(value).decode())

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            frame = orjson.loads(text_data if text_data is not None else bytes_data or b"")
        except orjson.JSONDecodeError:
            self.put({"type": "error", "error": {"code": 400, "message": "not JSON"}})
            return
        if not isinstance(frame, dict):
            self.put({"type": "error", "error": {"code": 400, "message": "not an object"}})
        elif self.connection is None:
            if not self._authenticating:
                self._authenticating = True
                await self._authenticate(frame)
        elif frame.get("type") == WRITE_TYPE:
            await self._answer_write(frame)
        else:
            await self._call(frame)

    async def _authenticate(self, frame: dict[str, Any]) -> None:
        scope: Any = self.scope
        kwargs = scope.get("url_route", {}).get("kwargs", {})
        last_update = frame.get("lastUpdate")
        watermark = last_update if isinstance(last_update, int | float) else None
        try:
            channel = await admit(self.context_channel_class, scope, frame.get("token"), kwargs)
        except ProtocolError as error:
            status, name = _AUTH_STATUS.get(error.code, (400, f"error/{error.code}"))
            refusal = {"type": "auth", "statusCode": status, "error": name, "reason": error.reason}
            # Written now, not queued: the close must not overtake it.
            await self._write(orjson.dumps(refusal).decode())
            await self.close()
            return
        self.put({"type": "auth", "statusCode": 200})
        self.connection = Connection(channel, _RxSink(self))
        await self.connection.start(None if watermark is None else int(watermark))

    async def _call(self, frame: dict[str, Any]) -> None:
        assert self.connection is not None
        call_id = frame.get("callId")
        params = frame.get("params", [])
        args, kwargs = (params, {}) if isinstance(params, list) else ([], params)
        try:
            result = await self.connection.call(frame.get("action"), args, kwargs)
        except ProtocolError as error:
            code = _CALL_STATUS.get(error.code, 400)
            reply = {"code": code, "message": error.reason}
            self.put({"type": "actionResponse", "callId": call_id, "error": reply})
            return
        self.put({"type": "actionResponse", "callId": call_id, "result": result})

    async def _answer_write(self, frame: dict[str, Any]) -> None:
        assert self.connection is not None
        write_id = frame.get("writeId")
        operation = frame.get("operation")
        payload = {
            PAYLOAD_TYPE: frame.get("instanceType"),
            PAYLOAD_ID: frame.get("instanceId"),
            PAYLOAD_PARENT: frame.get("parentId"),
            PAYLOAD_DATA: frame.get("data", {}),
        }
        relation = None
        if operation == CREATE and frame.get("relationName") is not None:
            relation = (frame.get("parentType"), frame.get("relationName"))
        try:
            if operation not in (SAVE, CREATE, DELETE):
                raise ProtocolError(
                    ERROR_BAD_PARAMS,
                    f"a write's operation is save, create or delete; got {operation!r}",
                )
            result = await run_write(self.connection.channel, operation, payload, relation)
        except ProtocolError as error:
            failure: dict[str, Any] = {
                "code": _WRITE_STATUS.get(error.code, 400),
                "message": error.reason,
            }
            if isinstance(error, WriteRefused):
                failure[PAYLOAD_ERRORS] = error.errors
            reply = {"type": "writeResponse", "writeId": write_id, "success": False}
            self.put({**reply, "error": failure})
            return
        reply = {"type": "writeResponse", "writeId": write_id, "success": True}
        if PAYLOAD_ID in result:
            reply["instanceId"] = result[PAYLOAD_ID]
        self.put(reply)


class _RxSink:
    """RxDjango's frames for a connection's state."""

    def __init__(self, consumer: StateConsumer) -> None:
        self.consumer = consumer

    def instances(
        self, version: int, layers: list[dict[str, Any]], anchors: list[Any], *, reset: bool
    ) -> None:
        if reset:
            self.consumer.put({"type": "initialAnchors", "anchorIds": anchors})
        if layers:
            self.consumer.put(layers)
        if reset:
            end = {LAYER_TYPE: "", LAYER_VERSION: version, LAYER_OPERATION: END_INITIAL_STATE}
            self.consumer.put([{**end, LAYER_ID: 0}])

    def live(self, message: Message) -> None:
        value = message.value
        if PAYLOAD_DATA in value:
            self.notification(value[PAYLOAD_DATA])
        else:
            self.consumer.put(value[PAYLOAD_INSTANCES])

    def anchors(self, anchors: list[Any], prepended: Any) -> None:
        if prepended is not None:
            self.consumer.put({"type": "prependAnchor", "anchorId": prepended})

    def runtime(self, name: str, value: Any) -> None:
        self.consumer.put({"type": "runtimeVar", "var": name, "value": value})

    def notification(self, data: Any) -> None:
        notification = data if isinstance(data, dict) else {"value": data}
        self.consumer.put([{**notification, LAYER_TYPE: NOTIFICATION_TYPE}])


def consumer_for(channel_class: type) -> type[StateConsumer]:
    """The consumer class serving ``channel_class`` on its own route."""
    name = f"{channel_class.__name__}Consumer"
    consumer: type[StateConsumer] = type(
        name, (StateConsumer,), {"context_channel_class": channel_class}
    )
    return consumer
