"""What LiveViews add to the wire protocol: their topics, events, payload keys, and the rendered
tree with its diff operations.

docs/protocol.md is the prose; client/src/live/protocol.js holds the same names with the same
values, and tests/protocol/test_agreement.py keeps the three in agreement.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

LIVEVIEW_TOPIC_PREFIX = "lv:"

# Client -> server
EVENT_EVENT = "event"

# Server -> client
EVENT_DIFF = "diff"
EVENT_PUSH = "push"
EVENT_RESYNC = "resync"

# Payload keys
PAYLOAD_VERSION = "v"
PAYLOAD_FINGERPRINTS = "f"
PAYLOAD_TREE = "t"
PAYLOAD_DIFF = "d"
PAYLOAD_HANDLER = "e"
PAYLOAD_PARAMS = "p"
PAYLOAD_PUSH_EVENT = "event"
PAYLOAD_PUSH_PAYLOAD = "payload"

# Rendered tree and diff keys
TREE_FINGERPRINT = "f"
TREE_STATICS = "s"
TREE_ROWS = "r"
TREE_KEY = "k"
DIFF_OPS = "o"

# The page's tree (embedded by the HTTP render, read back from the DOM by the client)
PAGE_BLOCKS = "b"
PAGE_STREAM = "q"
PAGE_EXCEPTIONS = "x"
BLOCK_PARTS = "p"
LOOP_BODY = "r"
LOOP_EMPTY = "e"
PART_STREAM = 0
PART_READ = 1

# Comprehension diff operations
OP_UPDATE = "u"
OP_INSERT = "i"
OP_DELETE = "d"
OP_MOVE = "m"
OP_REBUILD = "k"

# Event parameters the client adds
PARAM_VALUE = "value"
PARAM_KEY = "key"


class LiveJoinPayload(TypedDict):
    """``join`` (with the transport's ``token`` and ``pv``)."""

    token: str
    pv: int
    v: int | None
    f: NotRequired[list[str]]


class LiveJoinReply(TypedDict):
    v: int
    tk: str
    t: NotRequired[dict[str, Any]]
    d: NotRequired[dict[str, Any]]


class EventPayload(TypedDict):
    e: str
    p: NotRequired[dict[str, Any]]


class Reply(TypedDict):
    """The ``ok`` reply to an ``event``, and what a server-side change produces."""

    v: int
    d: NotRequired[dict[str, Any]]


class DiffPayload(TypedDict):
    v: int
    d: dict[str, Any]


class ResyncPayload(TypedDict):
    """``resync``: the view was mounted again; its whole tree at version ``v``."""

    v: int
    t: dict[str, Any]


class PushPayload(TypedDict):
    event: str
    payload: dict[str, Any]
