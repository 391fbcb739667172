// What model-state channels add to the wire protocol; mirrors src/djwire/sync/protocol.py
// exactly (tests/protocol/test_agreement.py compares them). One constant per line, nothing else
// exported.

export const SYNC_TOPIC_PREFIX = "sync:";
export const EVENT_INSTANCES = "instances";
export const PAYLOAD_VERSION = "v";
export const PAYLOAD_INSTANCES = "i";
export const LAYER_ID = "id";
export const LAYER_TYPE = "_instance_type";
export const LAYER_OPERATION = "_operation";
export const LAYER_VERSION = "_tstamp";
export const LAYER_DELETED = "_deleted";
export const OP_INITIAL = "initial_state";
export const OP_CREATE = "create";
export const OP_UPDATE = "update";
export const OP_DELETE = "delete";
