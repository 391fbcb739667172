"""Everything ``djwire.testing`` takes from djwire's internals, in one place.

The test clients drive djwire as a browser does, through public behaviour; what they need to
know of the inside (the consumer class, the page's tree format, where a join keeps its view) is
named here only, so a change inside djwire is a change to this module and nothing else.
"""

from __future__ import annotations

from typing import Any

from djwire import conf
from djwire.live import LiveView
from djwire.live.protocol import (
    EVENT_EVENT,
    PAYLOAD_DIFF,
    PAYLOAD_FINGERPRINTS,
    PAYLOAD_HANDLER,
    PAYLOAD_PARAMS,
    PAYLOAD_TREE,
    PAYLOAD_VERSION,
)
from djwire.live.providers import http_view_for
from djwire.live.readback import read_tree
from djwire.live.tree import Statics, merge, to_html
from djwire.pubsub import get_hub
from djwire.transport import SocketConsumer
from djwire.transport.pool import on_every_thread
from djwire.transport.protocol import (
    EVENT_ERROR,
    EVENT_JOIN,
    EVENT_LEAVE,
    EVENT_OK,
    PAYLOAD_NEW_TOKEN,
    PAYLOAD_PROTOCOL,
    PAYLOAD_TOKEN,
    PROTOCOL_VERSION,
    SOCKET_TOPIC,
)


def socket_path() -> str:
    """The socket's URL path (``DJWIRE["socket_path"]``)."""
    return str(conf.get("socket_path"))


def view_of(join: Any) -> LiveView:
    """The view instance held by the server-side join of a LiveView."""
    view: LiveView = join.view
    return view


__all__ = [
    "EVENT_ERROR",
    "EVENT_EVENT",
    "EVENT_JOIN",
    "EVENT_LEAVE",
    "EVENT_OK",
    "PAYLOAD_DIFF",
    "PAYLOAD_FINGERPRINTS",
    "PAYLOAD_HANDLER",
    "PAYLOAD_NEW_TOKEN",
    "PAYLOAD_PARAMS",
    "PAYLOAD_PROTOCOL",
    "PAYLOAD_TOKEN",
    "PAYLOAD_TREE",
    "PAYLOAD_VERSION",
    "PROTOCOL_VERSION",
    "SOCKET_TOPIC",
    "LiveView",
    "SocketConsumer",
    "Statics",
    "get_hub",
    "http_view_for",
    "merge",
    "on_every_thread",
    "read_tree",
    "socket_path",
    "to_html",
    "view_of",
]
