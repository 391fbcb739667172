// What signals add to the wire protocol; mirrors src/djwire/signals/protocol.py exactly
// (tests/protocol/test_agreement.py compares them). One constant per line, nothing else exported.

export const SIGNALS_TOPIC_PREFIX = "sig:";
export const EVENT_CALL = "call";
export const EVENT_SIGNAL = "signal";
export const EVENT_TOKEN = "token";
export const PAYLOAD_SIGNAL = "signal";
export const PAYLOAD_OPTS = "opts";
export const PAYLOAD_SIGNAL_ID = "signal_id";
export const PAYLOAD_COUNTDOWN = "countdown";
