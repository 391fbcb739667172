// The transport's wire names (docs/protocol.md), mirroring src/djwire/transport/protocol.py name
// for name. tests/protocol/test_agreement.py reads this file with the regex
//   ^export const (\w+) = (".*"|\d+);$
// so every export is one constant on one line in exactly that form, and nothing else is exported.

export const PROTOCOL_VERSION = 1;
export const CLOSE_TOO_SLOW = 4008;
export const CLOSE_TOO_MANY_SOCKETS = 4029;

// Topics
export const SOCKET_TOPIC = "";

// Events
export const EVENT_JOIN = "join";
export const EVENT_LEAVE = "leave";
export const EVENT_HEARTBEAT = "hb";
export const EVENT_OK = "ok";
export const EVENT_ERROR = "error";

// Payload keys
export const PAYLOAD_TOKEN = "token";
export const PAYLOAD_PROTOCOL = "pv";
export const PAYLOAD_NEW_TOKEN = "tk";
export const PAYLOAD_CODE = "code";
export const PAYLOAD_REASON = "reason";
export const PAYLOAD_EXCEPTION = "exception";

// Error codes
export const ERROR_BAD_FRAME = "bad_frame";
export const ERROR_TOO_LARGE = "too_large";
export const ERROR_RATE_LIMITED = "rate_limited";
export const ERROR_UNKNOWN_EVENT = "unknown_event";
export const ERROR_UNKNOWN_TOPIC = "unknown_topic";
export const ERROR_ALREADY_JOINED = "already_joined";
export const ERROR_BAD_TOKEN = "bad_token";
export const ERROR_TOKEN_EXPIRED = "token_expired";
export const ERROR_STALE_SESSION = "stale_session";
export const ERROR_PROTOCOL_MISMATCH = "protocol_mismatch";
export const ERROR_JOIN_FAILED = "join_failed";
export const ERROR_TOO_MANY_JOINS = "too_many_joins";
export const ERROR_TOO_MANY_SOCKETS = "too_many_sockets";
export const ERROR_TOO_SLOW = "too_slow";
export const ERROR_MISSED = "missed";
export const ERROR_SERVER_ERROR = "server_error";
export const ERROR_UNKNOWN_HANDLER = "unknown_handler";
export const ERROR_FORBIDDEN = "forbidden";
export const ERROR_LOGIN_REQUIRED = "login_required";
export const ERROR_BAD_PARAMS = "bad_params";
export const ERROR_HANDLER_ERROR = "handler_error";
export const ERROR_REFUSED = "refused";
export const ERROR_OVERLOADED = "overloaded";
export const ERROR_DISCONNECTED = "disconnected";
export const ERROR_TIMEOUT = "timeout";
