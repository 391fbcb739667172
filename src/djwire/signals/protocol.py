"""What signals add to the wire protocol: the window's topic, calls, and server-sent signals.

docs/protocol.md is the prose; client/src/signals/protocol.js holds the same names with the
same values, and tests/protocol/test_agreement.py keeps the three in agreement. The payload
keys are df_websockets' own (``signal``, ``opts``, ``signal_id``), so its frames read alike.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

SIGNALS_TOPIC_PREFIX = "sig:"

# Client -> server: call a signal on the server; the reply (ok {}) says it was accepted.
EVENT_CALL = "call"

# Server -> client: a signal for the window's JavaScript (html.*, DFSignals.connect handlers).
EVENT_SIGNAL = "signal"
# Server -> client: the window's topics changed; re-join with this token after a reconnect.
EVENT_TOKEN = "token"

# Payload keys
PAYLOAD_SIGNAL = "signal"
PAYLOAD_OPTS = "opts"
PAYLOAD_SIGNAL_ID = "signal_id"
# In a call: run the signal this many seconds later (only if its @signal allows it).
PAYLOAD_COUNTDOWN = "countdown"


class CallPayload(TypedDict):
    signal: str
    opts: dict[str, Any]
    countdown: NotRequired[float]


class SignalPayload(TypedDict):
    signal: str
    opts: dict[str, Any]
    signal_id: str
