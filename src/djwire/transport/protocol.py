"""The wire protocol, defined once: frame shape, event names, error codes, tree keys.

docs/protocol.md is the prose; client/src/transport/protocol.js and client/src/live/protocol.js
mirror these names, and tests/protocol/test_agreement.py keeps them in agreement.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

# A frame is [ref, topic, event, payload].
Frame = tuple[int | None, str, str, dict[str, Any]]

PROTOCOL_VERSION = 1
CLOSE_TOO_SLOW = 4008

SOCKET_TOPIC = ""
LIVEVIEW_TOPIC_PREFIX = "lv:"

# Client -> server
EVENT_JOIN = "join"
EVENT_EVENT = "event"
EVENT_LEAVE = "leave"
EVENT_HEARTBEAT = "hb"

# Server -> client
EVENT_OK = "ok"
EVENT_ERROR = "error"
EVENT_DIFF = "diff"
EVENT_PUSH = "push"

# Error codes
ERROR_BAD_FRAME = "bad_frame"
ERROR_TOO_LARGE = "too_large"
ERROR_RATE_LIMITED = "rate_limited"
ERROR_UNKNOWN_EVENT = "unknown_event"
ERROR_UNKNOWN_TOPIC = "unknown_topic"
ERROR_ALREADY_JOINED = "already_joined"
ERROR_BAD_TOKEN = "bad_token"
ERROR_TOKEN_EXPIRED = "token_expired"
ERROR_PROTOCOL_MISMATCH = "protocol_mismatch"
ERROR_JOIN_FAILED = "join_failed"
ERROR_UNKNOWN_HANDLER = "unknown_handler"
ERROR_BAD_PARAMS = "bad_params"
ERROR_HANDLER_ERROR = "handler_error"
ERROR_TOO_SLOW = "too_slow"
ERROR_SERVER_ERROR = "server_error"
# Decided by the client, never sent by the server: a request that lost its connection or its
# time.
ERROR_DISCONNECTED = "disconnected"
ERROR_TIMEOUT = "timeout"

# Rendered tree and diff keys
TREE_FINGERPRINT = "f"
TREE_STATICS = "s"
TREE_ROWS = "r"
TREE_KEY = "k"
DIFF_OPS = "o"

# Comprehension diff operations
OP_UPDATE = "u"
OP_INSERT = "i"
OP_DELETE = "d"
OP_MOVE = "m"
OP_REBUILD = "k"


class JoinPayload(TypedDict):
    token: str
    v: int | None
    f: NotRequired[list[str]]


class JoinReply(TypedDict):
    v: int
    tk: str
    t: NotRequired[dict[str, Any]]
    d: NotRequired[dict[str, Any]]


class EventPayload(TypedDict):
    e: str
    p: NotRequired[dict[str, Any]]


class EventReply(TypedDict):
    v: int
    d: NotRequired[dict[str, Any]]


class DiffPayload(TypedDict):
    v: int
    d: dict[str, Any]


class PushPayload(TypedDict):
    event: str
    payload: dict[str, Any]


class ErrorPayload(TypedDict):
    code: str
    reason: str
