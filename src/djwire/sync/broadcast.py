"""Committed changes to frames: each row read and encoded once, one frame per anchor.

The rows of a flush are grouped by layer and read with one query per layer; each row is
serialized and encoded once, and the frame of each anchor that holds it is put together from
those bytes, so a thousand browsers watching one anchor cost one serialization and one
published message (the hub hands the same bytes to every local socket).
"""

from __future__ import annotations

import asyncio
import decimal
from collections import defaultdict
from collections.abc import Hashable
from typing import Any

import orjson
from asgiref.sync import async_to_sync

from djwire.pubsub import group_name, publish
from djwire.sync import rows, watching
from djwire.sync.pending import Change
from djwire.sync.protocol import (
    LAYER_DELETED,
    LAYER_ID,
    LAYER_OPERATION,
    LAYER_TYPE,
    LAYER_VERSION,
    OP_DELETE,
    PAYLOAD_DATA,
    PAYLOAD_INSTANCES,
    PAYLOAD_VERSION,
)
from djwire.sync.tree import Layer
from djwire.sync.versions import next_version

# The frames of one flush: (channel, anchor, owner) -> the layers it gets, one per row. The
# owner is the user a row's Meta.user_key names (None: everyone watching the anchor).
Frames = dict[tuple[str, Hashable, Any], dict[tuple[str, Hashable], bytes]]


def anchor_group(channel_name: str, anchor_id: Hashable, user_id: Any = None) -> str:
    """The pubsub group of the browsers watching ``anchor_id`` of a channel; with
    ``user_id``, of that user's browsers only (the rows a ``Meta.user_key`` gives them)."""
    key = str(anchor_id) if user_id is None else f"{anchor_id}.u{user_id}"
    return group_name(f"djwire_sync_{channel_name}", key)


def flush(changes: list[Change], using: str) -> None:
    """Send committed ``changes`` (one per row) to the anchors that hold their rows."""
    frames: Frames = defaultdict(dict)
    version = next_version()
    by_layer: defaultdict[Layer, list[Change]] = defaultdict(list)
    for change in changes:
        by_layer[change.layer].append(change)
    watching.prefetch(layer.channel_name for layer in by_layer)  # one round trip for all
    for layer, layer_changes in by_layer.items():
        watched = watching.watched(layer.channel_name)
        if watched is not None and not watched:
            continue
        _layer_frames(layer, layer_changes, watched, version, using, frames)
    if frames:
        async_to_sync(_publish)(version, frames)


def _layer_frames(
    layer: Layer,
    changes: list[Change],
    watched: frozenset[str] | None,
    version: int,
    using: str,
    frames: Frames,
) -> None:
    live = [change.pk for change in changes if change.operation != OP_DELETE]
    anchors = rows.anchors_of(layer, live, using) if live else {}
    wanted = [pk for pk in live if watching.reached(anchors[pk], watched)]
    fetched = rows.fetch(layer, wanted, using)
    for change in changes:
        row = fetched.get(change.pk)
        now = anchors.get(change.pk, frozenset()) if row is not None else frozenset()
        reached = watching.reached(now, watched)
        if reached and row is not None:
            flat = rows.flat(layer, row)
            owner = flat.get(layer.user_key) if layer.user_key else None
            data = _encode(
                {
                    **flat,
                    LAYER_TYPE: layer.instance_type,
                    LAYER_OPERATION: change.operation,
                    LAYER_VERSION: version,
                }
            )
            for anchor in reached:
                frames[(layer.channel_name, anchor, owner)][(layer.instance_type, change.pk)] = data
        # Deleted, or moved to other anchors: the anchors it left get a tombstone (sent to
        # everyone watching them: it carries the id only, and the row's owner is gone).
        left = watching.reached(change.old_anchors - now, watched)
        if left:
            tombstone = _encode(tombstone_layer(layer.instance_type, change.pk, version))
            for anchor in left:
                key = (layer.instance_type, change.pk)
                frames[(layer.channel_name, anchor, None)][key] = tombstone


def tombstone_layer(instance_type: str, pk: Hashable, version: int) -> dict[str, Any]:
    """The layer that tells a client the row ``pk`` is gone from its state."""
    return {
        LAYER_ID: pk,
        LAYER_TYPE: instance_type,
        LAYER_OPERATION: OP_DELETE,
        LAYER_VERSION: version,
        LAYER_DELETED: True,
    }


def _encode(layer: dict[str, Any]) -> bytes:
    return orjson.dumps(layer, default=_json_default)


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON values (what serializer fields and action results may hold
    that JSON has no type for, such as a Decimal, become strings)."""
    return orjson.loads(orjson.dumps(value, default=_json_default))


def _json_default(value: Any) -> Any:
    # DRF fields give JSON-ready values but for a DecimalField(coerce_to_string=False).
    if isinstance(value, decimal.Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def instances_payload(version: int, layers: list[bytes]) -> bytes:
    """The payload of an ``instances`` frame around layers encoded already."""
    return b'{"%s":%d,"%s":[%s]}' % (
        PAYLOAD_VERSION.encode(),
        version,
        PAYLOAD_INSTANCES.encode(),
        b",".join(layers),
    )


async def _publish(version: int, frames: Frames) -> None:
    for (channel_name, anchor, owner), layers in frames.items():
        payload = instances_payload(version, list(layers.values()))
        await publish([anchor_group(channel_name, anchor, owner)], payload)


def publish_layers(channel_name: str, anchor: Hashable, layers: list[dict[str, Any]]) -> None:
    """Send ``layers`` (without their version, given here) to the watchers of ``anchor``:
    ``ContextChannel.broadcast_instance``'s way around the tracked changes."""
    version = next_version()
    encoded = [_encode({**layer, LAYER_VERSION: version}) for layer in layers]
    group = anchor_group(channel_name, anchor)
    send_payload([group], instances_payload(version, encoded))


def publish_notification(
    channel_name: str, anchor: Hashable, notification: Any, user_id: Any = None
) -> None:
    """Send ``notification`` to the watchers of ``anchor`` (only ``user_id``'s, if given)."""
    payload = _encode({PAYLOAD_DATA: notification})
    send_payload([anchor_group(channel_name, anchor, user_id)], payload)


_sending: set[asyncio.Task[None]] = set()


def send_payload(groups: list[str], payload: bytes) -> None:
    """Publish ``payload`` (encoded) to ``groups``, from plain code or from a coroutine."""
    # Called from plain code (a view, a task) or from an action's coroutine: there the
    # publish runs as a task of the loop (a thread hop there would deadlock).
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(publish)(groups, payload)
        return
    task = loop.create_task(publish(groups, payload))
    _sending.add(task)
    task.add_done_callback(_sending.discard)
