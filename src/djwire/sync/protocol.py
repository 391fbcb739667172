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

# Client -> server: call an @action of the channel.
EVENT_CALL = "call"

# Client -> server: write a row of a Meta.writable serializer (the reply: ok {"id": pk}).
EVENT_SAVE = "save"
EVENT_CREATE = "create"
EVENT_DELETE = "delete"

# Server -> client: layers of one anchor that changed in one committed transaction, or a
# snapshot of the whole state (with PAYLOAD_RESET), or what changed since a watermark.
EVENT_INSTANCES = "instances"
# Server -> client: the connection's anchors changed (add_instance, remove_instance, clear).
EVENT_ANCHORS = "anchors"
# Server -> client: a runtime variable of this connection (set_runtime_var).
EVENT_RUNTIME = "runtime"
# Server -> client: broadcast_notification() and send() of the channel.
EVENT_NOTIFICATION = "notification"

# Payload keys
PAYLOAD_VERSION = "v"
PAYLOAD_INSTANCES = "i"
# Join: the newest version the client holds (its watermark), and a credential for the
# authenticator (a DRF token, a JWT) when the session is not what identifies the user.
PAYLOAD_WATERMARK = "w"
PAYLOAD_AUTH = "auth"
# Join without a signed token (a front end no Django view served): the channel's registered
# name, with its URL kwargs in PAYLOAD_KWARGS.
PAYLOAD_CHANNEL = "channel"
# A snapshot that replaces everything the client holds of this channel.
PAYLOAD_RESET = "r"
# The connection's anchor ids, in order.
PAYLOAD_ANCHORS = "a"
# A call: the action's name, its positional and keyword params; the reply's result.
PAYLOAD_ACTION = "action"
PAYLOAD_ARGS = "args"
PAYLOAD_KWARGS = "kwargs"
PAYLOAD_RESULT = "result"
# A runtime variable's name and value; a notification's data.
PAYLOAD_VAR = "var"
PAYLOAD_VALUE = "value"
PAYLOAD_DATA = "data"
# A write: the row's instance type and id, its parent's id (create), the data (PAYLOAD_DATA);
# a refused write's errors per field, as the serializer's is_valid() gives them.
PAYLOAD_TYPE = "type"
PAYLOAD_ID = "id"
PAYLOAD_PARENT = "parent"
PAYLOAD_ERRORS = "errors"
# The join reply: how the layers nest (djwire.sync.tree.StateShape), for a browser to rebuild
# the nested state.
PAYLOAD_SHAPE = "s"

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

# Join refusals of a channel (besides the transport's forbidden, bad_token, ...).
ERROR_LOGIN_REQUIRED = "login_required"
ERROR_UNAUTHORIZED = "unauthorized"
ERROR_NOT_FOUND = "not_found"


class InstancesPayload(TypedDict):
    v: int
    i: list[dict[str, Any]]
