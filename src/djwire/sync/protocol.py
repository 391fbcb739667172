"""What model-state channels add to the wire protocol: the channel's topic and its state frames.

docs/protocol.md is the prose; client/src/sync/protocol.js holds the same names with the same
values, and tests/protocol/test_agreement.py keeps the three in agreement. A state is a set of
flat *instance layers* (one serialized row each, nested rows as ids), with RxDjango's key names
(``_instance_type``, ``_operation``, ``_deleted``) so a ported client reads them alike, and a
version on every layer (``_tstamp``) that the client compares before applying one.
"""

from __future__ import annotations

from typing import Any, TypedDict

SYNC_TOPIC_PREFIX = "sync:"

# Server -> client: layers of one anchor that changed in one committed transaction.
EVENT_INSTANCES = "instances"

# Payload keys
PAYLOAD_VERSION = "v"
PAYLOAD_INSTANCES = "i"

# The keys every instance layer carries besides its serializer's fields.
LAYER_ID = "id"
LAYER_TYPE = "_instance_type"
LAYER_OPERATION = "_operation"
LAYER_VERSION = "_tstamp"
LAYER_DELETED = "_deleted"

# A layer's _operation
OP_INITIAL = "initial_state"
OP_CREATE = "create"
OP_UPDATE = "update"
OP_DELETE = "delete"


class InstancesPayload(TypedDict):
    v: int
    i: list[dict[str, Any]]
