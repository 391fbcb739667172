"""Writes from the browser: save, create and delete a row of a ``Meta.writable`` serializer.

RxDjango's optimistic writes, with its names (``Meta.writable = {TaskSerializer: [SAVE,
CREATE, DELETE]}``, ``can_save`` / ``can_create`` / ``can_delete``), checked in this order so
that a refusal says the first thing that is wrong:

1. the serializer and the operation are in ``Meta.writable`` (else ``forbidden``);
2. the row (for a create, its parent) is in the state of one of the connection's anchors, and
   not another user's row of a ``Meta.user_key`` serializer (else ``not_found``: a client
   must not learn about rows it is not shown, nor write a row of an anchor it did not join);
3. the data passes ``serializer.is_valid()`` (else ``bad_params`` with ``errors``, per field);
4. ``can_*`` says True (else ``forbidden``; denied by default), inside the transaction that
   then writes, with the row locked (``select_for_update``) so the check holds for the write.

The written row is then broadcast as any save is, after the commit: the writer's browser gets
its change the way every other browser of the anchor does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import Any

from channels.db import database_sync_to_async
from django.core.exceptions import ValidationError
from django.db import models, transaction

from djwire.sync.exceptions import ChannelDefinitionError
from djwire.sync.operations import CREATE, DELETE, SAVE
from djwire.sync.protocol import (
    ERROR_NOT_FOUND,
    EVENT_CREATE,
    EVENT_DELETE,
    EVENT_SAVE,
    PAYLOAD_DATA,
    PAYLOAD_ERRORS,
    PAYLOAD_ID,
    PAYLOAD_PARENT,
    PAYLOAD_TYPE,
)
from djwire.sync.rows import flat
from djwire.sync.tree import Layer, StateTree
from djwire.transport.errors import ProtocolError, crashed
from djwire.transport.protocol import (
    ERROR_BAD_PARAMS,
    ERROR_FORBIDDEN,
    ERROR_HANDLER_ERROR,
    EVENT_ERROR,
    EVENT_OK,
    error_payload,
)

logger = logging.getLogger("djwire.sync")

# The frame event of each operation.
WRITE_EVENTS = {EVENT_SAVE: SAVE, EVENT_CREATE: CREATE, EVENT_DELETE: DELETE}

Writable = dict[str, frozenset[str]]  # instance type -> the operations allowed
Relation = tuple[Any, Any]  # a create's parent instance type and the field that lists it


def writable_of(channel_name: str, meta: Any, tree: StateTree) -> Writable:
    """``Meta.writable`` checked against the state's serializers, by instance type."""
    declared = getattr(meta, "writable", None) or {}
    if not isinstance(declared, dict):
        raise ChannelDefinitionError(
            f"{channel_name}: Meta.writable must be a dict "
            f"{{SerializerClass: [SAVE, CREATE, DELETE]}}; got {declared!r}"
        )
    in_state = {layer.instance_type for layer in tree.layers}
    allowed = {SAVE, CREATE, DELETE}
    writable: Writable = {}
    for serializer_class, operations in declared.items():
        if not isinstance(serializer_class, type):
            raise ChannelDefinitionError(
                f"{channel_name}: the keys of Meta.writable are serializer classes (such as "
                f"TaskSerializer, not TaskSerializer()); got {serializer_class!r}"
            )
        instance_type = f"{serializer_class.__module__}.{serializer_class.__qualname__}"
        if instance_type not in in_state:
            raise ChannelDefinitionError(
                f"{channel_name}: Meta.writable names {serializer_class.__name__}, which is "
                f"not a serializer of Meta.state; only rows the state holds can be written"
            )
        ops = frozenset(operations) if isinstance(operations, list | tuple | set) else None
        if ops is None or not ops <= allowed:
            raise ChannelDefinitionError(
                f"{channel_name}: Meta.writable[{serializer_class.__name__}] must be a list of "
                f"djwire.sync.SAVE, CREATE, DELETE; got {operations!r}"
            )
        writable[instance_type] = ops
    return writable


class WriteRefused(ProtocolError):
    """A write refused because its data is not valid: ``errors`` per field, as DRF gives."""

    def __init__(self, reason: str, errors: dict[str, Any]) -> None:
        super().__init__(ERROR_BAD_PARAMS, reason)
        self.errors = errors


async def run_write(
    channel: Any, operation: str, payload: dict[str, Any], relation: Relation | None = None
) -> dict[str, Any]:
    """Check and run one write off the event loop; the reply's payload (``{"id": pk}``).
    ProtocolError (WriteRefused for invalid data) when refused."""
    try:
        result: dict[str, Any] = await database_sync_to_async(perform)(
            channel, operation, payload, relation
        )
    except WriteRefused as refused:
        logger.warning("refused %s on %s: %s", operation, channel.name, refused.reason)
        raise
    return result


async def answer_write(
    channel: Any, event: str, payload: dict[str, Any], reply: Callable[[str, Any], None]
) -> None:
    """Run a write frame and ``reply(event, payload)`` with its ``ok`` or, when the data is
    not valid, an ``error`` that carries the serializer's errors per field. Other refusals
    raise ProtocolError (the socket sends their ``error`` frame)."""
    try:
        result = await run_write(channel, WRITE_EVENTS[event], payload)
    except WriteRefused as refused:
        body: dict[str, Any] = dict(error_payload(refused.code, refused.reason))
        body[PAYLOAD_ERRORS] = refused.errors
        reply(EVENT_ERROR, body)
        return
    reply(EVENT_OK, result)


def perform(
    channel: Any, operation: str, payload: dict[str, Any], relation: Relation | None = None
) -> dict[str, Any]:
    """Check and run one write (in the database's thread); the reply's payload. ``relation``
    (a create): the parent's instance type and the field of it that lists the new row, when
    the client names them (RxDjango's ``parentType`` and ``relationName``)."""
    instance_type = payload.get(PAYLOAD_TYPE)
    name = type(channel).__name__
    short = str(instance_type).rsplit(".", 1)[-1]
    if operation not in channel._writable.get(instance_type, ()):
        raise ProtocolError(
            ERROR_FORBIDDEN, f"{name}.Meta.writable does not allow {operation} of {short}"
        )
    layer = _layer(channel._tree, instance_type, operation, relation)
    data = payload.get(PAYLOAD_DATA, {})
    if not isinstance(data, dict):
        raise ProtocolError(ERROR_BAD_PARAMS, f"{operation} of {short}: data must be an object")
    try:
        with transaction.atomic():
            if operation == CREATE:
                return _create(channel, layer, payload.get(PAYLOAD_PARENT), data)
            instance = _held_row(channel, layer, payload.get(PAYLOAD_ID))
            if operation == SAVE:
                return _save(channel, layer, instance, data)
            _check(channel, "can_delete", channel.user, instance)
            instance.delete()
            return {}
    except ProtocolError:
        raise
    except Exception as error:
        logger.exception("%s of %s on %s raised", operation, short, name)
        raise crashed(ERROR_HANDLER_ERROR, f"{operation} of {short}", error) from None


def _layer(tree: StateTree, instance_type: Any, operation: str, relation: Relation | None) -> Layer:
    layers = [layer for layer in tree.layers if layer.instance_type == instance_type]
    if operation == CREATE and relation is not None:
        # The serializer may be nested under several parents: the one the client names.
        parent_type, field = relation
        layers = [
            layer
            for layer in layers
            if layer.parent is not None
            and layer.parent.instance_type == parent_type
            and _nests(layer.parent, field, layer)
        ]
        if not layers:
            raise ProtocolError(
                ERROR_BAD_PARAMS,
                f"{parent_type}.{field} does not hold {instance_type} rows in this state",
            )
    if operation == CREATE:
        # A row is created under its parent, through the foreign key that ties it to it.
        layers = [layer for layer in layers if _parent_key(layer) is not None]
        if not layers:
            raise ProtocolError(
                ERROR_BAD_PARAMS,
                f"a {instance_type} row cannot be created through the channel: only rows "
                f"nested under a parent by a foreign key (a reverse relation) can",
            )
    return layers[0]


def _nests(parent: Layer, field: Any, layer: Layer) -> bool:
    nested = parent.nested.get(field) if isinstance(field, str) else None
    return nested is not None and nested.layer is layer


def _parent_key(layer: Layer) -> str | None:
    """The child's foreign key to its parent row, for a layer nested by a reverse relation."""
    if layer.parent is None or layer.from_parent is None:
        return None
    relation: Any = layer.parent.model._meta.get_field(layer.from_parent)
    if relation.concrete or not relation.one_to_many:
        return None
    field_name: str = relation.field.name
    return field_name


def _held_row(channel: Any, layer: Layer, pk: Any) -> models.Model:
    """The row ``pk`` of ``layer`` locked for the write, when the connection is shown it."""
    what = f"{layer.model.__name__} {pk!r}"
    try:
        pk = layer.model._meta.pk.to_python(pk)
    except (ValidationError, TypeError, ValueError):
        raise ProtocolError(
            ERROR_BAD_PARAMS, f"{pk!r} is not a {layer.model.__name__} id"
        ) from None
    row = layer.model._base_manager.select_for_update().filter(pk=pk).first()
    if row is None or not _in_state(channel, layer, pk) or not _shown(channel, layer, row):
        raise ProtocolError(ERROR_NOT_FOUND, f"no {what} in this channel's state")
    return row


def _in_state(channel: Any, layer: Layer, pk: Hashable) -> bool:
    anchors = list(channel.anchor_ids)
    if layer.from_anchor is None:
        return pk in anchors
    lookup = {"pk__in": anchors, layer.from_anchor: pk}
    found: bool = layer.root_model._base_manager.filter(**lookup).exists()
    return found


def _shown(channel: Any, layer: Layer, row: models.Model) -> bool:
    # A Meta.user_key row of another user is not in this connection's state.
    if layer.user_key is None:
        return True
    return flat(layer, row).get(layer.user_key) in (None, channel.user_id)


def _owner_source(layer: Layer) -> str | None:
    if layer.user_key is None:
        return None
    source: Any = layer.serializer.fields[layer.user_key].source
    return str(source)


def _valid(layer: Layer, instance: models.Model | None, data: dict[str, Any]) -> Any:
    serializer = type(layer.serializer)(instance, data=data, partial=instance is not None)
    if not serializer.is_valid():
        errors = {name: [str(e) for e in found] for name, found in serializer.errors.items()}
        short = layer.instance_type.rsplit(".", 1)[-1]
        fields = ", ".join(sorted(errors))
        raise WriteRefused(f"{short}: the data is not valid ({fields})", errors)
    # The owner of a Meta.user_key row is the server's to set, never the client's.
    owner = _owner_source(layer)
    if owner is not None:
        serializer.validated_data.pop(owner, None)
    return serializer


def _save(
    channel: Any, layer: Layer, instance: models.Model, data: dict[str, Any]
) -> dict[str, Any]:
    serializer = _valid(layer, instance, data)
    _check(channel, "can_save", channel.user, instance, dict(serializer.validated_data))
    serializer.save()
    return {PAYLOAD_ID: instance.pk}


def _create(channel: Any, layer: Layer, parent_pk: Any, data: dict[str, Any]) -> dict[str, Any]:
    assert layer.parent is not None  # _layer chose a layer with a parent key
    parent = _held_row(channel, layer.parent, parent_pk)
    key = _parent_key(layer)
    assert key is not None
    serializer = _valid(layer, None, data)
    extra: dict[str, Any] = {key: parent}
    owner = _owner_source(layer)
    if owner is not None and channel.user_id is not None:
        extra[owner] = channel.user  # RxDjango's: a created row is its creator's
    _check(channel, "can_create", channel.user, {**serializer.validated_data, **extra})
    instance = serializer.save(**extra)
    return {PAYLOAD_ID: instance.pk}


def _check(channel: Any, method: str, *args: Any) -> None:
    name = f"{type(channel).__name__}.{method}"
    try:
        allowed = getattr(channel, method)(*args) is True
    except Exception:
        # Denied, as by default: a permission check that fails writes nothing.
        logger.exception("%s raised: refused", name)
        allowed = False
    if not allowed:
        raise ProtocolError(
            ERROR_FORBIDDEN, f"{name} refused this write (writes are denied unless it says True)"
        )
