"""The synchronous twin of :class:`~djwire.testing.sync.AsyncContextChannelTestClient`, for
plain test functions (see that module for the API)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from djwire.testing.channel_state import Key
from djwire.testing.frames import Frame
from djwire.testing.socket import SocketTestClient
from djwire.testing.sync import AsyncContextChannelTestClient


class ContextChannelTestClient:
    """The synchronous twin of :class:`AsyncContextChannelTestClient`, for plain test
    functions: its socket's event loop runs in a thread, and reads frames meanwhile."""

    def __init__(
        self,
        channel_class: type[Any],
        user: Any = None,
        *,
        auth: Any = None,
        socket: SocketTestClient | None = None,
        rate_limited: bool = False,
        **url_kwargs: Any,
    ) -> None:
        self._owns_socket = socket is None
        self.socket = socket or SocketTestClient(user, rate_limited=rate_limited)
        self._run = self.socket.loop.run
        self.client = AsyncContextChannelTestClient(
            channel_class,
            user,
            auth=auth,
            socket=self.socket.client,
            rate_limited=rate_limited,
            **url_kwargs,
        )
        # Reconnects open sockets of their own when no socket was given.
        self.client._owns_socket = self._owns_socket

    @property
    def state(self) -> Any:
        """The state as the client holds it now (see the async twin)."""
        return self.client.state

    @property
    def runtime_state(self) -> dict[str, Any]:
        """The runtime variables this connection was sent."""
        return self.client.runtime_state

    @property
    def notifications(self) -> list[Any]:
        """What ``send()`` and ``broadcast_notification()`` sent, in order."""
        return self.client.notifications

    @property
    def anchor_ids(self) -> list[Any]:
        """The connection's anchors, in order."""
        return self.client.anchor_ids

    @property
    def layers(self) -> dict[Key, dict[str, Any]]:
        """The rows held, flat, with their wire keys."""
        return self.client.layers

    @property
    def frames(self) -> list[Frame]:
        """Every frame of the channel's topic."""
        return self.client.frames

    @property
    def resets(self) -> int:
        """How many snapshots were received."""
        return self.client.resets

    @property
    def watermark(self) -> int | None:
        """The newest version held."""
        return self.client.watermark

    @property
    def channel(self) -> Any:
        """The channel instance on the server."""
        return self.client.channel

    def connect(self, *, timeout: float = 5.0) -> dict[str, Any]:
        """Join and wait for the state; :class:`JoinError` when refused."""
        return self._run(self.client.connect(timeout=timeout))

    def reconnect(self, *, timeout: float = 5.0) -> dict[str, Any]:
        """Join again with the watermark held, on a new socket of the same session."""
        return self._run(self.client.reconnect(timeout=timeout))

    def disconnect(self) -> None:
        """Leave the channel (closing the socket when this client owns it)."""
        self._run(self.client.disconnect())

    def wait_for(self, predicate: Callable[[Any], object], timeout: float = 2.0) -> Any:
        """Wait until ``predicate(state)`` is true; returns the state."""
        return self._run(self.client.wait_for(predicate, timeout))

    def receive_nothing(self, timeout: float = 0.1) -> bool:
        """True when the server sends this channel nothing within ``timeout`` seconds."""
        return self._run(self.client.receive_nothing(timeout))

    def call(self, action_name: str, /, *args: Any, **kwargs: Any) -> Any:
        """Call an ``@action``; returns its result, :class:`EventError` when refused."""
        return self._run(self.client.call(action_name, *args, **kwargs))

    def save(self, serializer: Any, instance_id: Any, data: dict[str, Any]) -> Any:
        """Save ``data`` into a row of a writable serializer; returns its id."""
        return self._run(self.client.save(serializer, instance_id, data))

    def create(self, serializer: Any, parent_id: Any, data: dict[str, Any]) -> Any:
        """Create a row under the parent row ``parent_id``; returns the new id."""
        return self._run(self.client.create(serializer, parent_id, data))

    def delete(self, serializer: Any, instance_id: Any) -> None:
        """Delete a row of a writable serializer."""
        self._run(self.client.delete(serializer, instance_id))

    def close(self) -> None:
        """Leave, close the socket and stop its loop; later calls do nothing."""
        if self.socket.loop.closed:
            return
        self._run(self.client.close())
        if self._owns_socket:
            self.socket.close()

    def __enter__(self) -> ContextChannelTestClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
