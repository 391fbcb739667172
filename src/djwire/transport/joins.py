"""What a join is to the socket, and the registry of join kinds by topic prefix.

The transport layer knows nothing of LiveViews: ``djwire.live`` registers the ``lv:`` kind when
the app is ready, and later layers (signals, model-state channels) register theirs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_UNKNOWN_TOPIC


class Socket(Protocol):
    """What a join can do with the socket it lives on."""

    @property
    def scope(self) -> Any: ...

    def send_frame(self, ref: int | None, topic: str, event: str, payload: Any) -> None:
        """Queue a frame; frames leave in the order they are queued."""
        ...

    def send_encoded(self, topic: str, event: str, payload: bytes) -> None:
        """Queue a server-initiated frame whose payload is JSON bytes already."""
        ...


class Join(Protocol):
    """One joined topic on a socket.

    A join may name what its token granted in ``grant_key`` (a string, the same for every
    refresh of the token): the socket then refuses more than ``DJWIRE["max_joins_per_token"]``
    joins of it at once in the process (``too_many_joins``).
    """

    async def start(self) -> None:
        """The join reply is queued: start what the join runs by itself (subscriptions, ticks)."""
        ...

    async def handle(self, ref: int | None, event: str, payload: dict[str, Any]) -> None:
        """Run a request and queue its ``ok`` reply (same ``ref``), or raise ProtocolError."""
        ...

    async def leave(self) -> None:
        """The topic is left or the socket closed: release what the join holds."""
        ...


# A factory joins a topic: it returns the join and the payload of the ``ok`` reply.
JoinFactory = Callable[[Socket, str, dict[str, Any]], Awaitable[tuple[Join, Mapping[str, object]]]]

_kinds: dict[str, JoinFactory] = {}


def register_join_kind(prefix: str, factory: JoinFactory) -> None:
    """Route joins of topics starting with ``prefix`` (e.g. ``"lv:"``) to ``factory``."""
    _kinds[prefix] = factory


def factory_for(topic: str) -> JoinFactory:
    """The factory for ``topic``, or ProtocolError(unknown_topic)."""
    for prefix, factory in _kinds.items():
        if topic.startswith(prefix):
            return factory
    known = ", ".join(sorted(_kinds)) or "none"
    raise ProtocolError(ERROR_UNKNOWN_TOPIC, f"no join kind for topic {topic!r} (known: {known})")
