"""What the transport owns of the wire protocol: the frame, join/leave/heartbeat/ok/error, the
error codes every join kind shares, and the protocol version a join carries.

docs/protocol.md is the prose; client/src/transport/protocol.js holds the same names with the
same values, and tests/protocol/test_agreement.py keeps the three in agreement. Each capability
has its own protocol module (djwire.live.protocol, ...).
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

# A frame is [ref, topic, event, payload].
Frame = tuple[int | None, str, str, dict[str, Any]]

# A join whose version differs is refused (protocol_mismatch): the page must be reloaded.
PROTOCOL_VERSION = 1

SOCKET_TOPIC = ""

# Client -> server
EVENT_JOIN = "join"
EVENT_LEAVE = "leave"
EVENT_HEARTBEAT = "hb"

# Server -> client
EVENT_OK = "ok"
EVENT_ERROR = "error"

# Payload keys
PAYLOAD_TOKEN = "token"
PAYLOAD_PROTOCOL = "pv"
PAYLOAD_NEW_TOKEN = "tk"
PAYLOAD_CODE = "code"
PAYLOAD_REASON = "reason"
PAYLOAD_EXCEPTION = "exception"

# Error codes
ERROR_BAD_FRAME = "bad_frame"
ERROR_TOO_LARGE = "too_large"
ERROR_RATE_LIMITED = "rate_limited"
ERROR_UNKNOWN_EVENT = "unknown_event"
ERROR_UNKNOWN_TOPIC = "unknown_topic"
ERROR_ALREADY_JOINED = "already_joined"
ERROR_BAD_TOKEN = "bad_token"
ERROR_TOKEN_EXPIRED = "token_expired"
# The page's session is gone or rotated (expired, a login in another tab): a reload cures it.
ERROR_STALE_SESSION = "stale_session"
ERROR_PROTOCOL_MISMATCH = "protocol_mismatch"
ERROR_JOIN_FAILED = "join_failed"
ERROR_TOO_MANY_JOINS = "too_many_joins"
ERROR_TOO_MANY_SOCKETS = "too_many_sockets"
# Also the reason of the 4008 close: the socket is closed, not told with an error frame.
ERROR_TOO_SLOW = "too_slow"
ERROR_MISSED = "missed"
ERROR_SERVER_ERROR = "server_error"
ERROR_UNKNOWN_HANDLER = "unknown_handler"
ERROR_FORBIDDEN = "forbidden"
ERROR_LOGIN_REQUIRED = "login_required"
ERROR_BAD_PARAMS = "bad_params"
ERROR_HANDLER_ERROR = "handler_error"
# The handler refused the call with a message for the user (djwire.sync.ActionError).
ERROR_REFUSED = "refused"
# Every handler thread is taken and DJWIRE["handler_queue"] calls wait already: not run.
ERROR_OVERLOADED = "overloaded"
# Raised by the client only: the socket dropped while the request was in flight; its request
# timed out.
ERROR_DISCONNECTED = "disconnected"
ERROR_TIMEOUT = "timeout"

# WebSocket close codes
CLOSE_TOO_SLOW = 4008
CLOSE_TOO_MANY_SOCKETS = 4029


class ErrorPayload(TypedDict):
    code: str
    reason: str
    # In DEBUG only, when a crash caused the error: the exception's type (dotted path).
    exception: NotRequired[str]


def error_payload(code: str, reason: str, exception: str | None = None) -> ErrorPayload:
    """The payload of an ``error`` frame."""
    payload = ErrorPayload(code=code, reason=reason)
    if exception is not None:
        payload["exception"] = exception
    return payload
