"""A signals window joined on the page's socket: the join kind ``sig:``.

The window listens to the groups of its granted topics and to its control group (the server
changes its topics there), sends each signal to the browser as the bytes it was published as,
and takes the browser's calls: a call is answered ``ok`` once it is accepted (the signal
exists, this window may call it, its arguments fit), else with an error naming why; then it
runs in the signal's worker. Permissions are checked on every call, not once at connect.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from typing import Any

import orjson

from djwire import conf
from djwire.pubsub import Message, get_hub
from djwire.signals.decorators import REGISTERED_SIGNALS, Connection
from djwire.signals.delivery import control_group, topic_group
from djwire.signals.grant import WindowGrant, make_window_token, read_window_token
from djwire.signals.parking import claim, park, release
from djwire.signals.protocol import (
    EVENT_CALL,
    EVENT_SIGNAL,
    EVENT_TOKEN,
    PAYLOAD_COUNTDOWN,
    PAYLOAD_OPTS,
    PAYLOAD_SIGNAL,
)
from djwire.signals.tasks import trigger_from_client
from djwire.signals.window_info import WindowInfo
from djwire.transport.binding import socket_binding
from djwire.transport.callables import BadParams
from djwire.transport.errors import ProtocolError
from djwire.transport.joins import Socket
from djwire.transport.pool import get_pool
from djwire.transport.protocol import (
    ERROR_BAD_PARAMS,
    ERROR_FORBIDDEN,
    ERROR_MISSED,
    ERROR_UNKNOWN_EVENT,
    ERROR_UNKNOWN_HANDLER,
    EVENT_ERROR,
    EVENT_OK,
    PAYLOAD_NEW_TOKEN,
    PAYLOAD_TOKEN,
    error_payload,
)
from djwire.transport.request import request_from_scope

logger = logging.getLogger("djwire.signals")

# Signals a window remembers, to send a signal that reached it through two topics once.
_SEEN = 64


async def join_window(
    socket: Socket, topic: str, payload: dict[str, Any]
) -> tuple[WindowJoin, dict[str, Any]]:
    """Join a window (the ``sig:`` join kind) with the token its page was served with."""
    binding = socket_binding(socket.scope)
    grant = read_window_token(payload.get(PAYLOAD_TOKEN), binding)
    # On the handler pool (a user waits for it), not Django's one sync thread: reading the
    # user from the session must not wait behind another window's slow permission check.
    window_info = await get_pool().run(lambda: _window_info(socket.scope, grant))
    reply = {PAYLOAD_NEW_TOKEN: make_window_token(grant, binding)}
    return WindowJoin(socket, topic, grant, window_info), reply


def _window_info(scope: dict[str, Any], grant: WindowGrant) -> WindowInfo:
    request = request_from_scope(scope, "/", "")
    request.djwire_window_key = grant.window_key  # type: ignore[attr-defined]
    return WindowInfo.from_request(request)


class WindowJoin:
    """One browser window on a socket."""

    def __init__(
        self, socket: Socket, topic: str, grant: WindowGrant, window_info: WindowInfo
    ) -> None:
        self.socket = socket
        self.topic = topic
        self.grant = grant
        self.window_info = window_info
        # What the socket counts joins of one token by (DJWIRE["max_joins_per_token"]).
        self.grant_key = f"sig:{grant.window_key}"
        self._groups: list[str] = []
        # A signal published to two topics of this window arrives twice: sent once. Equal
        # bytes are the same signal (each carries a random signal_id).
        self._seen: set[bytes] = set()  # looked up per signal: a set, not the deque
        self._seen_order: deque[bytes] = deque()
        self._closed = False
        self._relisten: asyncio.Task[None] | None = None

    async def start(self) -> None:
        # Back after being away? What was kept goes first, in order; what the parking still
        # receives until this join listens is forwarded (sent once: see _seen).
        parked = claim(self.grant.window_key, self._send)
        if parked is not None:
            for data in parked.kept:
                self._send(data)
            if parked.missed or parked.lost:
                reason = (
                    f"{parked.missed} signals sent while this window was away were not kept "
                    f"(the last {parked.kept.maxlen} were)"
                    if parked.missed
                    else "signals sent while this window was away were lost (Redis lost them)"
                )
                self.socket.send_frame(
                    None, self.topic, EVENT_ERROR, error_payload(ERROR_MISSED, reason)
                )
        await self._listen(self.grant.topics)
        await get_hub().subscribe(control_group(self.grant.window_key), id(self), self._control)
        if parked is not None:
            await release(parked)

    async def leave(self) -> None:
        self._closed = True
        # Parked first, then unsubscribed: nothing sent in between is lost.
        await park(self.grant.window_key, self._groups)
        hub = get_hub()
        for group in self._groups:
            await hub.unsubscribe(group, id(self))
        await hub.unsubscribe(control_group(self.grant.window_key), id(self))

    async def _listen(self, keys: tuple[str, ...]) -> None:
        hub = get_hub()
        wanted = [topic_group(key) for key in keys]
        for group in self._groups:
            if group not in wanted:
                await hub.unsubscribe(group, id(self))
        for group in wanted:
            if group not in self._groups:
                await hub.subscribe(group, id(self), self._signal, self._signals_lost)
        self._groups = wanted

    # -- server -> browser -----------------------------------------------------------------

    def _signal(self, message: Message) -> None:
        self._send(message.data)

    def _signals_lost(self) -> None:
        if self._closed:
            return
        reason = "signals to this window were lost while the server could not reach Redis"
        self.socket.send_frame(None, self.topic, EVENT_ERROR, error_payload(ERROR_MISSED, reason))

    def _send(self, data: bytes) -> None:
        if self._closed or data in self._seen:
            return
        self._seen.add(data)
        self._seen_order.append(data)
        if len(self._seen_order) > _SEEN:
            self._seen.discard(self._seen_order.popleft())
        self.socket.send_encoded(self.topic, EVENT_SIGNAL, data)

    def _control(self, message: Message) -> None:
        topics = message.value.get("topics")
        if self._closed or not isinstance(topics, list):
            return
        grant = WindowGrant(self.grant.window_key, tuple(str(t) for t in topics), self.grant.issued)
        self._relisten = asyncio.get_running_loop().create_task(self._change_topics(grant))

    async def _change_topics(self, grant: WindowGrant) -> None:
        self.grant = grant
        await self._listen(grant.topics)
        # Listening now: the page keeps these topics across a reconnect with this token.
        token = make_window_token(grant, socket_binding(self.socket.scope))
        self.socket.send_frame(None, self.topic, EVENT_TOKEN, {PAYLOAD_NEW_TOKEN: token})

    # -- browser -> server -----------------------------------------------------------------

    async def handle(self, ref: int | None, event: str, payload: dict[str, Any]) -> None:
        if event != EVENT_CALL:
            raise ProtocolError(ERROR_UNKNOWN_EVENT, f"a signals window knows only {EVENT_CALL!r}")
        name, opts = payload.get(PAYLOAD_SIGNAL), payload.get(PAYLOAD_OPTS, {})
        if not isinstance(name, str) or not name:
            raise ProtocolError(ERROR_UNKNOWN_HANDLER, "a call needs the signal's name")
        if not isinstance(opts, dict):
            raise ProtocolError(ERROR_BAD_PARAMS, f"{name}: opts must be an object")
        opts = _decoded(opts)
        countdown = _countdown(name, payload.get(PAYLOAD_COUNTDOWN))
        # The permission check may query the database: on the pool, where one window's slow
        # check holds one thread and other windows' calls go on (refused when it is full).
        await get_pool().run(lambda: self._accept(name, opts, countdown))
        self.socket.send_frame(ref, self.topic, EVENT_OK, {})

    def _accept(self, name: str, opts: dict[str, Any], countdown: float | None) -> None:
        connections = REGISTERED_SIGNALS.get(name)
        if not connections:
            logger.warning("window %s called %r: no such signal", self.grant.window_key, name)
            raise ProtocolError(ERROR_UNKNOWN_HANDLER, f"no signal is named {name!r}")
        allowed = [c for c in connections if _allowed(c, self.window_info, opts)]
        if not allowed:
            logger.warning("window %s may not call %r", self.grant.window_key, name)
            raise ProtocolError(ERROR_FORBIDDEN, f"this window may not call {name!r}")
        if countdown is not None and not all(c.allow_client_delay for c in allowed):
            reason = (
                f"{name} does not let the browser choose when it runs "
                "(@signal(allow_client_delay=True) does)"
            )
            raise ProtocolError(ERROR_BAD_PARAMS, reason)
        for connection in allowed:
            try:
                connection.check(opts)
            except BadParams as error:
                raise ProtocolError(ERROR_BAD_PARAMS, f"{name}: {error}") from None
        trigger_from_client(self.window_info, name, opts, countdown)


# The longest delay a browser may ask for: a timer is held in the server for it.
MAX_CLIENT_DELAY = 3600.0


def _countdown(name: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProtocolError(ERROR_BAD_PARAMS, f"{name}: countdown must be a number of seconds")
    if not 0 <= value <= MAX_CLIENT_DELAY:
        reason = f"{name}: countdown must be between 0 and {MAX_CLIENT_DELAY:g} seconds"
        raise ProtocolError(ERROR_BAD_PARAMS, reason)
    return float(value)


def _allowed(connection: Connection, window_info: WindowInfo, opts: dict[str, Any]) -> bool:
    try:
        return bool(connection.is_allowed_to(connection, window_info, opts))
    except Exception:
        logger.exception("the permission check of signal %s raised: refused", connection.path)
        return False


def _decoded(opts: dict[str, Any]) -> dict[str, Any]:
    # DJWIRE["signal_decoder"] (df_websockets' WEBSOCKET_SIGNAL_DECODER, which it ignored):
    # the frame is read already; a custom decoder reads the arguments again, its way.
    path = conf.get("signal_decoder")
    if path in ("json.JSONDecoder", json.JSONDecoder):
        return opts
    from django.utils.module_loading import import_string

    decoder = import_string(path) if isinstance(path, str) else path
    result: dict[str, Any] = json.loads(orjson.dumps(opts), cls=decoder)
    return result
