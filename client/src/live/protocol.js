// The LiveView's wire names (docs/protocol.md), mirroring src/djwire/live/protocol.py name for
// name. tests/protocol/test_agreement.py reads this file with the regex
//   ^export const (\w+) = (".*"|\d+);$
// so every export is one constant on one line in exactly that form, and nothing else is exported.

// Topics
export const LIVEVIEW_TOPIC_PREFIX = "lv:";

// Events
export const EVENT_EVENT = "event";
export const EVENT_DIFF = "diff";
export const EVENT_PUSH = "push";
export const EVENT_RESYNC = "resync";

// Payload keys
export const PAYLOAD_VERSION = "v";
export const PAYLOAD_FINGERPRINTS = "f";
export const PAYLOAD_TREE = "t";
export const PAYLOAD_DIFF = "d";
export const PAYLOAD_HANDLER = "e";
export const PAYLOAD_PARAMS = "p";
export const PAYLOAD_PUSH_EVENT = "event";
export const PAYLOAD_PUSH_PAYLOAD = "payload";

// Rendered tree and diff keys
export const TREE_FINGERPRINT = "f";
export const TREE_STATICS = "s";
export const TREE_ROWS = "r";
export const TREE_KEY = "k";
export const DIFF_OPS = "o";

// The page's tree (embedded by the HTTP render, read back from the DOM)
export const PAGE_BLOCKS = "b";
export const PAGE_STREAM = "q";
export const PAGE_EXCEPTIONS = "x";
export const BLOCK_PARTS = "p";
export const LOOP_BODY = "r";
export const LOOP_EMPTY = "e";
export const PART_STREAM = 0;
export const PART_READ = 1;

// Comprehension diff operations
export const OP_UPDATE = "u";
export const OP_INSERT = "i";
export const OP_DELETE = "d";
export const OP_MOVE = "m";
export const OP_REBUILD = "k";

// Event parameters the client adds
export const PARAM_VALUE = "value";
export const PARAM_KEY = "key";
