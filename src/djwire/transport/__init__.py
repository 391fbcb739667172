"""Layer 2: one WebSocket per page carrying many joins (see docs/protocol.md)."""

from djwire.transport.consumer import SocketConsumer
from djwire.transport.errors import ProtocolError
from djwire.transport.joins import Join, Socket, register_join_kind

__all__ = ["Join", "ProtocolError", "Socket", "SocketConsumer", "register_join_kind"]
