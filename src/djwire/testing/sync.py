"""Test a model-state channel the way a browser uses it: joined over a real socket.

::

    from djwire.testing import ContextChannelTestClient

    def test_rename(project, alice):
        with ContextChannelTestClient(ProjectChannel, user=alice, project_id=project.pk) as client:
            client.connect()
            assert client.call("rename", "New name") == {"ok": True}
            client.wait_for(lambda state: state["name"] == "New name")

``.state`` is the state as a client holds it after every frame received so far (layers applied
newest version first, tombstones deleting), nested as the serializer nests it; the client reads
frames in the background. ``AsyncContextChannelTestClient`` is the same API with ``await``.
Tests that save rows need ``@pytest.mark.django_db(transaction=True)``: the broadcast follows
the commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import sync_to_async

from djwire.sync.protocol import (
    EVENT_CALL,
    EVENT_CREATE,
    EVENT_DELETE,
    EVENT_SAVE,
    PAYLOAD_ACTION,
    PAYLOAD_ARGS,
    PAYLOAD_AUTH,
    PAYLOAD_DATA,
    PAYLOAD_ID,
    PAYLOAD_KWARGS,
    PAYLOAD_PARENT,
    PAYLOAD_RESULT,
    PAYLOAD_TYPE,
    PAYLOAD_WATERMARK,
    SYNC_TOPIC_PREFIX,
)
from djwire.testing.channel_state import ChannelState
from djwire.testing.frames import Frame
from djwire.testing.socket import AsyncSocketTestClient, EventError
from djwire.transport.protocol import PAYLOAD_NEW_TOKEN, PAYLOAD_TOKEN


class JoinError(EventError):
    """The channel refused the join; ``code`` says why (``login_required``, ``forbidden``,
    ``not_found``, ``unauthorized``, ``bad_token``...)."""


class AsyncContextChannelTestClient(ChannelState):
    """A browser's view of one channel: join it, read its state, call its actions.

    ``user`` is the session's user (anonymous by default); ``auth`` a credential sent with
    the join instead (a DRF token key, a JWT) for ``DJWIRE["sync_authenticator"]``;
    ``url_kwargs`` are the channel's URL kwargs. Several clients may share one socket:
    ``AsyncContextChannelTestClient(Channel, socket=socket, ...)``.
    """

    def __init__(
        self,
        channel_class: type[Any],
        user: Any = None,
        *,
        auth: Any = None,
        socket: AsyncSocketTestClient | None = None,
        rate_limited: bool = False,
        **url_kwargs: Any,
    ) -> None:
        super().__init__(channel_class)
        self.url_kwargs = url_kwargs
        self.auth = auth
        self._owns_socket = socket is None
        self.socket = socket or AsyncSocketTestClient(user, rate_limited=rate_limited)
        self.user = self.socket.user
        self.topic: str | None = None
        self.token: str | None = None
        self._reader: asyncio.Task[None] | None = None

    # -- joining -------------------------------------------------------------------------

    async def connect(self, *, timeout: float = 5.0) -> dict[str, Any]:
        """Join the channel and wait for its state; returns the join reply's payload.
        Raises :class:`JoinError` (with ``.code``) when the join is refused."""
        if self.token is None:
            self.token = await sync_to_async(self._sign)()
        return await self._join(None, timeout)

    async def reconnect(self, *, timeout: float = 5.0) -> dict[str, Any]:
        """Join again, as the page does after its socket dropped: on a new socket of the
        same session (when this client owns its socket), with the token it holds and its
        watermark (the newest version it holds); the server sends what changed since, or a
        fresh state marked as a reset."""
        await self.disconnect()
        if self._owns_socket:
            self.socket = AsyncSocketTestClient(self.user, session=self.socket.session)
        return await self._join(self.watermark, timeout)

    async def disconnect(self) -> None:
        """Leave the channel (closing the socket when this client owns it)."""
        await self._stop_reading()
        if self.topic is None:
            return
        topic, self.topic = self.topic, None
        if self._owns_socket:
            await self.socket.close()
        elif self.socket.connected:
            await self.socket.leave(topic)

    def _sign(self) -> str:
        request = self.socket.page_request("/", self.user)
        token: str = self.channel_class.token_for(request, **self.url_kwargs)
        return token

    async def _join(self, watermark: int | None, timeout: float) -> dict[str, Any]:
        topic = self.socket.new_topic(SYNC_TOPIC_PREFIX)
        payload: dict[str, Any] = {PAYLOAD_TOKEN: self.token}
        if watermark is not None:
            payload[PAYLOAD_WATERMARK] = watermark
        if self.auth is not None:
            payload[PAYLOAD_AUTH] = self.auth
        self.topic = topic
        self.socket.on_frame(topic, self._on_frame)
        states = self._states
        try:
            reply = await self.socket.join(topic, payload)
        except EventError as error:
            self.topic = None
            what = f"joining {self.channel_class.__name__}"
            raise JoinError(what, error.payload) from None
        self.token = reply.get(PAYLOAD_NEW_TOKEN, self.token)
        await self._until(lambda: self._states > states, timeout, "the channel's state")
        self._reader = asyncio.get_running_loop().create_task(self._read_forever())
        return reply

    # -- frames --------------------------------------------------------------------------

    async def _read_forever(self) -> None:
        # Frames are applied as they are read (see _on_frame); this keeps reading them while
        # the test does something else, as a browser does.
        while self.socket.connected:
            self._drop_unread()
            await self.socket.receive_nothing(0.05, topic="\0nothing")

    async def _stop_reading(self) -> None:
        if self._reader is not None:
            reader, self._reader = self._reader, None
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader

    def _on_frame(self, frame: Frame) -> None:
        if frame[1] == self.topic:  # not a topic this client left behind
            self.receive(frame)

    def _drop_unread(self) -> None:
        # This client applied them already: they must not look "unread" to receive_nothing.
        self.socket._reader.drop_unread(lambda f: f[1] == self.topic and f[0] is None)

    async def wait_for(self, predicate: Callable[[Any], object], timeout: float = 2.0) -> Any:
        """Wait until ``predicate(state)`` is true (a KeyError, IndexError or TypeError of
        a state not there yet counts as false); returns the state. AssertionError, with the
        state, after ``timeout`` seconds."""

        def holds() -> bool:
            try:
                return bool(predicate(self.state))
            except (KeyError, IndexError, TypeError):
                return False

        await self._until(holds, timeout, "the predicate")
        return self.state

    async def _until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{what} did not hold within {timeout:g} s: {self.state!r}")
            self._drop_unread()
            await self.socket.receive_nothing(min(remaining, 0.05), topic="\0nothing")

    async def receive_nothing(self, timeout: float = 0.1) -> bool:
        """True when the server sends this channel nothing within ``timeout`` seconds."""
        count = len(self.frames)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.frames) == count:
            self._drop_unread()
            await self.socket.receive_nothing(0.02, topic="\0nothing")
        return len(self.frames) == count

    # -- actions -------------------------------------------------------------------------

    async def call(self, action_name: str, /, *args: Any, **kwargs: Any) -> Any:
        """Call an ``@action`` as a browser does; returns its result. A refused call (an
        unknown action, bad params, an action that raised) raises :class:`EventError`."""
        if self.topic is None:
            raise RuntimeError("connect() first")
        payload = {PAYLOAD_ACTION: action_name, PAYLOAD_ARGS: list(args), PAYLOAD_KWARGS: kwargs}
        try:
            reply = await self.socket.request(self.topic, EVENT_CALL, payload)
        except EventError as error:
            raise EventError(f"action {action_name!r}", error.payload) from None
        return reply[PAYLOAD_RESULT]

    # -- writes (Meta.writable) ------------------------------------------------------------

    async def save(self, serializer: Any, instance_id: Any, data: dict[str, Any]) -> Any:
        """Save ``data`` into the row ``instance_id`` of ``serializer`` (a class of the
        channel's ``Meta.writable``) as a browser does; returns the row's id. A refused write
        raises :class:`EventError` (``forbidden``, ``not_found``, ``bad_params`` with
        ``payload["errors"]`` per field)."""
        payload = {PAYLOAD_TYPE: _instance_type(serializer), PAYLOAD_ID: instance_id}
        return await self._write(EVENT_SAVE, {**payload, PAYLOAD_DATA: data})

    async def create(self, serializer: Any, parent_id: Any, data: dict[str, Any]) -> Any:
        """Create a row of ``serializer`` from ``data`` under the parent row ``parent_id``
        (the row of the parent layer that nests it); returns the new row's id."""
        payload = {PAYLOAD_TYPE: _instance_type(serializer), PAYLOAD_PARENT: parent_id}
        return await self._write(EVENT_CREATE, {**payload, PAYLOAD_DATA: data})

    async def delete(self, serializer: Any, instance_id: Any) -> None:
        """Delete the row ``instance_id`` of ``serializer``."""
        await self._write(
            EVENT_DELETE, {PAYLOAD_TYPE: _instance_type(serializer), PAYLOAD_ID: instance_id}
        )

    async def _write(self, event: str, payload: dict[str, Any]) -> Any:
        if self.topic is None:
            raise RuntimeError("connect() first")
        try:
            reply = await self.socket.request(self.topic, event, payload)
        except EventError as error:
            raise EventError(f"{event} of {payload[PAYLOAD_TYPE]}", error.payload) from None
        return reply.get(PAYLOAD_ID)

    # -- the server side -----------------------------------------------------------------

    @property
    def channel(self) -> Any:
        """The channel instance on the server."""
        return self.socket.server_join(self.topic).channel

    async def close(self) -> None:
        """Leave the channel and close the socket this client owns."""
        await self.disconnect()
        if self._owns_socket:
            await self.socket.close()

    async def __aenter__(self) -> AsyncContextChannelTestClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def _instance_type(serializer: Any) -> str:
    # A serializer class (or instance) names its rows by its dotted path, as layers do.
    if isinstance(serializer, str):
        return serializer
    cls = serializer if isinstance(serializer, type) else type(serializer)
    return f"{cls.__module__}.{cls.__qualname__}"
