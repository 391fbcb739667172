"""What a client holds of a model-state channel: the frames it was sent, applied as a browser
applies them (a layer only when newer than the one held of its row, tombstones deleting, a
reset replacing everything), and the state nested again as the serializer nests it.

The base of :class:`~djwire.testing.sync.AsyncContextChannelTestClient`, which reads the
frames from its socket; this part knows nothing of sockets.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from djwire.sync.protocol import (
    EVENT_ANCHORS,
    EVENT_INSTANCES,
    EVENT_NOTIFICATION,
    EVENT_RUNTIME,
    LAYER_DELETED,
    LAYER_ID,
    LAYER_TYPE,
    LAYER_VERSION,
    PAYLOAD_ANCHORS,
    PAYLOAD_DATA,
    PAYLOAD_INSTANCES,
    PAYLOAD_RESET,
    PAYLOAD_VALUE,
    PAYLOAD_VAR,
)
from djwire.testing.frames import Frame

Key = tuple[str, Hashable]  # (instance type, id)


class ChannelState:
    """The rows, anchors, runtime state and notifications a client of ``channel_class`` was
    sent, and every frame of its topic."""

    def __init__(self, channel_class: type[Any]) -> None:
        self.channel_class = channel_class
        self.layers: dict[Key, dict[str, Any]] = {}  # the rows held, flat, by (type, id)
        self.versions: dict[Key, int] = {}  # the newest version seen of each row (deletes too)
        self.anchor_ids: list[Any] = []
        self.runtime_state: dict[str, Any] = {}
        self.notifications: list[Any] = []
        self.frames: list[Frame] = []  # every frame of this channel's topic, in order
        self.resets = 0  # snapshots received (a first join's, or a reconnect's reset)
        self._states = 0  # instances frames that followed a join

    @property
    def watermark(self) -> int | None:
        """The newest version this client holds (None before any state)."""
        return max(self.versions.values(), default=None)

    def receive(self, frame: Frame) -> None:
        """A frame of the channel's topic, as the client received it."""
        self.frames.append(frame)
        event, payload = frame[2], frame[3]
        if event == EVENT_INSTANCES:
            self._apply(payload)
        elif event == EVENT_ANCHORS:
            self.anchor_ids = list(payload[PAYLOAD_ANCHORS])
        elif event == EVENT_RUNTIME:
            self.runtime_state[payload[PAYLOAD_VAR]] = payload[PAYLOAD_VALUE]
        elif event == EVENT_NOTIFICATION:
            self.notifications.append(payload[PAYLOAD_DATA])

    def _apply(self, payload: dict[str, Any]) -> None:
        if payload.get(PAYLOAD_RESET):
            self.layers.clear()
            self.versions.clear()
            self.resets += 1
        if PAYLOAD_ANCHORS in payload:
            self.anchor_ids = list(payload[PAYLOAD_ANCHORS])
            self._states += 1
        for layer in payload[PAYLOAD_INSTANCES]:
            key = (layer[LAYER_TYPE], layer[LAYER_ID])
            version = layer[LAYER_VERSION]
            if self.versions.get(key, -1) >= version:
                continue  # older than what is held: a late frame must not undo a newer one
            self.versions[key] = version
            if layer.get(LAYER_DELETED):
                self.layers.pop(key, None)
            else:
                self.layers[key] = layer

    @property
    def state(self) -> Any:
        """The state as the client holds it: the anchor's row with its nested rows (a list
        of them for a ``many=True`` channel), without the ``_`` keys of the wire; None
        before the state arrived or once the anchor is deleted."""
        tree = self.channel_class._tree
        roots = [self.layers.get((tree.root.instance_type, a)) for a in self.anchor_ids]
        built = [_build(tree.root, row, self.layers) for row in roots if row is not None]
        if self.channel_class.many:
            return built
        return built[0] if built else None


def _build(layer: Any, row: dict[str, Any], layers: dict[Key, dict[str, Any]]) -> dict[str, Any]:
    built = {name: value for name, value in row.items() if not name.startswith("_")}
    for name, nested in layer.nested.items():
        child_type = nested.layer.instance_type
        held = row.get(name)
        if nested.many:
            children = [layers.get((child_type, pk)) for pk in held or ()]
            built[name] = [_build(nested.layer, c, layers) for c in children if c is not None]
        else:
            child = None if held is None else layers.get((child_type, held))
            built[name] = None if child is None else _build(nested.layer, child, layers)
    return built
