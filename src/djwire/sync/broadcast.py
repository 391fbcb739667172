"""Committed changes to frames: each row read and encoded once, one frame per anchor.

The rows of a flush are grouped by layer and read with one query per layer; each row is
serialized and encoded once, and the frame of each anchor that holds it is put together from
those bytes, so a thousand browsers watching one anchor cost one serialization and one
published message (the hub hands the same bytes to every local socket).
"""

from __future__ import annotations

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
    PAYLOAD_INSTANCES,
    PAYLOAD_VERSION,
)
from djwire.sync.tree import Layer
from djwire.sync.versions import next_version

# The frames of one flush: (channel, anchor) -> the layers it gets, one per row.
Frames = dict[tuple[str, Hashable], dict[tuple[str, Hashable], bytes]]


def anchor_group(channel_name: str, anchor_id: Hashable) -> str:
    """The pubsub group of the browsers watching ``anchor_id`` of a channel."""
    return group_name(f"djwire_sync_{channel_name}", str(anchor_id))


def flush(changes: list[Change], using: str) -> None:
    """Send committed ``changes`` (one per row) to the anchors that hold their rows."""
    frames: Frames = defaultdict(dict)
    version = next_version()
    by_layer: defaultdict[Layer, list[Change]] = defaultdict(list)
    for change in changes:
        by_layer[change.layer].append(change)
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
    watched: frozenset[Hashable] | None,
    version: int,
    using: str,
    frames: Frames,
) -> None:
    live = [change.pk for change in changes if change.operation != OP_DELETE]
    anchors = rows.anchors_of(layer, live, using) if live else {}
    wanted = [pk for pk in live if _only(anchors[pk], watched)]
    fetched = rows.fetch(layer, wanted, using)
    for change in changes:
        row = fetched.get(change.pk)
        now = anchors.get(change.pk, frozenset()) if row is not None else frozenset()
        reached = _only(now, watched)
        if reached and row is not None:
            data = _encode(
                {
                    **rows.flat(layer, row),
                    LAYER_TYPE: layer.instance_type,
                    LAYER_OPERATION: change.operation,
                    LAYER_VERSION: version,
                }
            )
            for anchor in reached:
                frames[(layer.channel_name, anchor)][(layer.instance_type, change.pk)] = data
        # Deleted, or moved to other anchors: the anchors it left get a tombstone.
        left = _only(change.old_anchors - now, watched)
        if left:
            tombstone = _encode(
                {
                    LAYER_ID: change.pk,
                    LAYER_TYPE: layer.instance_type,
                    LAYER_OPERATION: OP_DELETE,
                    LAYER_VERSION: version,
                    LAYER_DELETED: True,
                }
            )
            for anchor in left:
                frames[(layer.channel_name, anchor)][(layer.instance_type, change.pk)] = tombstone


def _only(anchors: frozenset[Hashable], watched: frozenset[Hashable] | None) -> frozenset[Hashable]:
    return anchors if watched is None else anchors & watched


def _encode(layer: dict[str, Any]) -> bytes:
    return orjson.dumps(layer, default=_json_default)


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
    for (channel_name, anchor), layers in frames.items():
        payload = instances_payload(version, list(layers.values()))
        await publish([anchor_group(channel_name, anchor)], payload)
