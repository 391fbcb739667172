// Every name of the wire protocol (docs/protocol.md) and of the template attributes, once.
// tests/protocol/test_agreement.py parses this file with the regex
//   export const (\w+) = "([^"]*)";
// and compares the values with src/djwire/transport/protocol.py: keep every string constant on
// one line in exactly that form, and put client-only settings elsewhere.

// Topics
export const SOCKET_TOPIC = "";
export const LIVEVIEW_TOPIC_PREFIX = "lv:";

// Client -> server events
export const EVENT_JOIN = "join";
export const EVENT_EVENT = "event";
export const EVENT_LEAVE = "leave";
export const EVENT_HEARTBEAT = "hb";

// Server -> client events
export const EVENT_OK = "ok";
export const EVENT_ERROR = "error";
export const EVENT_DIFF = "diff";
export const EVENT_PUSH = "push";

// Error codes
export const ERROR_BAD_FRAME = "bad_frame";
export const ERROR_TOO_LARGE = "too_large";
export const ERROR_RATE_LIMITED = "rate_limited";
export const ERROR_UNKNOWN_EVENT = "unknown_event";
export const ERROR_UNKNOWN_TOPIC = "unknown_topic";
export const ERROR_ALREADY_JOINED = "already_joined";
export const ERROR_BAD_TOKEN = "bad_token";
export const ERROR_JOIN_FAILED = "join_failed";
export const ERROR_UNKNOWN_HANDLER = "unknown_handler";
export const ERROR_BAD_PARAMS = "bad_params";
export const ERROR_HANDLER_ERROR = "handler_error";
export const ERROR_TOO_SLOW = "too_slow";

// Payload keys
export const PAYLOAD_TOKEN = "token";
export const PAYLOAD_VERSION = "v";
export const PAYLOAD_FINGERPRINTS = "f";
export const PAYLOAD_NEW_TOKEN = "tk";
export const PAYLOAD_TREE = "t";
export const PAYLOAD_DIFF = "d";
export const PAYLOAD_HANDLER = "e";
export const PAYLOAD_PARAMS = "p";
export const PAYLOAD_CODE = "code";
export const PAYLOAD_REASON = "reason";
export const PAYLOAD_PUSH_EVENT = "event";
export const PAYLOAD_PUSH_PAYLOAD = "payload";

// Rendered tree and diff keys
export const TREE_FINGERPRINT = "f";
export const TREE_STATICS = "s";
export const TREE_ROWS = "r";
export const TREE_KEY = "k";
export const DIFF_OPS = "o";

// Comprehension diff operations
export const OP_UPDATE = "u";
export const OP_INSERT = "i";
export const OP_DELETE = "d";
export const OP_MOVE = "m";
export const OP_REBUILD = "k";

// Event parameters the client adds
export const PARAM_VALUE = "value";
export const PARAM_KEY = "key";

// Attributes the server renders
export const ATTR_ROOT = "dj-root";
export const ATTR_VIEW = "dj-view";
export const ATTR_TOKEN = "dj-token";
export const ATTR_VERSION = "dj-v";
export const ATTR_TREE = "dj-tree";
export const ATTR_SOCKET_PATH = "data-dj-socket";

// Binding attributes written in templates
export const ATTR_CLICK = "dj-click";
export const ATTR_SUBMIT = "dj-submit";
export const ATTR_CHANGE = "dj-change";
export const ATTR_INPUT = "dj-input";
export const ATTR_KEYDOWN = "dj-keydown";
export const ATTR_KEYUP = "dj-keyup";
export const ATTR_FOCUS = "dj-focus";
export const ATTR_BLUR = "dj-blur";
export const ATTR_VALUE_PREFIX = "dj-value-";
export const ATTR_DEBOUNCE = "dj-debounce";
export const ATTR_KEY = "dj-key";
export const ATTR_UPDATE = "dj-update";
export const ATTR_HOOK = "dj-hook";

// Value of dj-update that keeps a region as the browser has it
export const UPDATE_IGNORE = "ignore";

// Class carried by the element that sent an event, and by its view's root, until the reply
export const CLASS_LOADING = "dj-loading";

// DOM events the page can listen to
export const DOM_EVENT_PREFIX = "djwire:";
export const DOM_CONNECTED = "djwire:connected";
export const DOM_DISCONNECTED = "djwire:disconnected";
export const DOM_JOINED = "djwire:joined";
export const DOM_ERROR = "djwire:error";
