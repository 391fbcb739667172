// What model-state channels add to the wire protocol; mirrors src/djwire/sync/protocol.py
// exactly (tests/protocol/test_agreement.py compares them). One constant per line, nothing else
// exported.

export const SYNC_TOPIC_PREFIX = "sync:";
export const EVENT_CALL = "call";
export const EVENT_SAVE = "save";
export const EVENT_CREATE = "create";
export const EVENT_DELETE = "delete";
export const EVENT_INSTANCES = "instances";
export const EVENT_ANCHORS = "anchors";
export const EVENT_RUNTIME = "runtime";
export const EVENT_NOTIFICATION = "notification";
export const PAYLOAD_VERSION = "v";
export const PAYLOAD_INSTANCES = "i";
export const PAYLOAD_WATERMARK = "w";
export const PAYLOAD_AUTH = "auth";
export const PAYLOAD_CHANNEL = "channel";
export const PAYLOAD_RESET = "r";
export const PAYLOAD_ANCHORS = "a";
export const PAYLOAD_ACTION = "action";
export const PAYLOAD_ARGS = "args";
export const PAYLOAD_KWARGS = "kwargs";
export const PAYLOAD_RESULT = "result";
export const PAYLOAD_VAR = "var";
export const PAYLOAD_VALUE = "value";
export const PAYLOAD_DATA = "data";
export const PAYLOAD_TYPE = "type";
export const PAYLOAD_ID = "id";
export const PAYLOAD_PARENT = "parent";
export const PAYLOAD_ERRORS = "errors";
export const PAYLOAD_SHAPE = "s";
export const LAYER_ID = "id";
export const LAYER_TYPE = "_instance_type";
export const LAYER_OPERATION = "_operation";
export const LAYER_VERSION = "_tstamp";
export const LAYER_DELETED = "_deleted";
export const OP_INITIAL = "initial_state";
export const OP_CREATE = "create";
export const OP_UPDATE = "update";
export const OP_DELETE = "delete";
export const ERROR_LOGIN_REQUIRED = "login_required";
export const ERROR_UNAUTHORIZED = "unauthorized";
export const ERROR_NOT_FOUND = "not_found";
