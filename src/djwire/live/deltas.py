"""Incremental saves: what changed in a view's state since its last saved record, as ops.

A saved view is a *base* record (its whole state) followed by *deltas*, each the changes of
the renders since the save before it, so that saving one changed row of 100,000 costs that
row, not the state. The tracker (tracking.py) knows, for each render, the names assigned, the
lists changed in place with their log of inserts, deletes and replacements, and the
containers mutated inside. Before it forgets them, :meth:`Unsaved.note` turns them into ops,
encoded at once (a later render may change the same objects again):

- ``["=", name, value]``: the name's new value, whole (a plain value, or a small container);
- ``["x", name]``: the name was deleted;
- ``["i", name, pos, item]``, ``["d", name, pos]``, ``["s", name, pos, item]``: a list's own
  log, in order; then ``["s", name, pos, row]`` for each of its rows changed inside.

What ops cannot tell cheaply (a big value assigned, a sort, most rows of a list changed, an
object the tracker cannot see into) makes the next save a new base. :func:`apply_ops` replays
the ops on the decoded state (resume.py): it gives exactly the state that was saved.
"""

from __future__ import annotations

import operator
from typing import Any

from djwire import codec
from djwire.codec.types import is_immutable
from djwire.live.containers import TrackedList, holds_opaque, items_of, position_of
from djwire.live.stateful import StatefulView, is_state_name
from djwire.live.tracking import _MISSING, ChangeTracker

# A container assigned whole is written into a delta up to this length, else a base follows.
SMALL_VALUE = 64
_WHOLE_SHARE = 0.25  # rows changed in place past this share of a list: a base follows
_FEW_ROWS = 8  # up to this many rows changed in place are found one by one (hint, or a C scan)


class Unsaved:
    """The changes of one view's state since its last saved record, encoded as ops."""

    def __init__(self) -> None:
        self.ops: list[bytes] = []
        self.size = 0  # bytes of the ops
        # The changes cannot be told as ops: the next save is a base. Nothing is saved yet.
        self.whole = True

    def saved_base(self) -> None:
        self.ops, self.size, self.whole = [], 0, False

    def saved_delta(self) -> None:
        self.ops, self.size = [], 0

    def delta(self) -> bytes:
        """The ops noted since the last save, as one JSON array."""
        return b"[" + b",".join(self.ops) + b"]"

    def note(self, view: StatefulView, tracker: ChangeTracker) -> None:
        """Turn one render's changes (what ``tracker`` holds) into ops, before it is reset."""
        if self.whole:
            return
        with tracker.reading():
            self._note(view, tracker)

    def _note(self, view: StatefulView, tracker: ChangeTracker) -> None:
        values = view.__dict__
        names = set(tracker.changed)
        names.update(n for n in view.state_names() if holds_opaque(values[n]))
        ops: list[list[Any]] = []
        for name in sorted(names):
            if not is_state_name(name):
                continue
            if name not in values:
                ops.append(["x", name])
            elif not self._note_value(ops, name, values[name], tracker):
                self.whole = True
                return
        try:
            encoded = [codec.encode(op) for op in ops]
        except codec.UnserializableValue:
            self.whole = True  # the base's save says what cannot be saved, and why
            return
        self.ops.extend(encoded)
        self.size += sum(map(len, encoded))

    def _note_value(
        self, ops: list[list[Any]], name: str, value: Any, tracker: ChangeTracker
    ) -> bool:
        """Append the ops of ``name``'s change; False when they would not be cheap."""
        if is_immutable(value):
            ops.append(["=", name, value])
            return True
        changed_in_place = name not in tracker._assigned and id(value) in tracker.dirty
        if isinstance(value, TrackedList) and not value._dj_opaque and changed_in_place:
            list_ops = _list_ops(name, value, tracker)
            if list_ops is not None:
                ops.extend(list_ops)
                return True
        if _small(value):
            ops.append(["=", name, value])
            return True
        return False


def _small(value: Any) -> bool:
    """A container of at most SMALL_VALUE plain values: cheap to write whole."""
    if not isinstance(value, (list, dict, set, tuple)) or len(value) > SMALL_VALUE:
        return False
    return all(map(is_immutable, value.values() if isinstance(value, dict) else value))


def _list_ops(name: str, seq: TrackedList, tracker: ChangeTracker) -> list[list[Any]] | None:
    """The ops of a list changed in place (not assigned): its log, then the rows changed
    inside; None when the log cannot be replayed (a sort, a slice) or most rows changed."""
    log = tracker.structure.get(id(seq), _MISSING)
    if log is None:
        return None
    ops = [[op[0], name, *op[1:]] for op in ([] if log is _MISSING else log)]
    rows = list(tracker.children.get(id(seq), {}).values())
    if len(rows) > max(_FEW_ROWS, len(seq) * _WHOLE_SHARE):
        return None
    ops.extend(["s", name, position, row] for position, row in _positions(seq, rows))
    return ops


def _positions(seq: list[Any], rows: list[tuple[Any, int | None]]) -> list[tuple[int, Any]]:
    """Where ``rows`` (each with the position it was changed at, when known) are in ``seq``
    now, by identity (equal rows elsewhere must not match); rows no longer in it are left out
    (their delete is in the log)."""
    if not rows:
        return []
    found = []
    if len(rows) <= _FEW_ROWS:
        for row, hint in rows:
            position = position_of(seq, row, hint)
            if position is not None:
                found.append((position, row))
    else:
        wanted = {id(row) for row, _hint in rows}
        found = [(pos, item) for pos, item in enumerate(items_of(seq)) if id(item) in wanted]
    return sorted(found, key=operator.itemgetter(0))


def apply_ops(state: dict[str, Any], ops: list[list[Any]]) -> None:
    """Replay a delta's ``ops`` on ``state`` (decoded, plain containers), in order."""
    for op in ops:
        kind, name = op[0], op[1]
        if kind == "=":
            state[name] = op[2]
        elif kind == "x":
            state.pop(name, None)
        elif kind == "i":
            state[name].insert(op[2], op[3])
        elif kind == "d":
            del state[name][op[2]]
        elif kind == "s":
            state[name][op[2]] = op[3]
        else:
            raise ValueError(f"unknown op {kind!r} in a saved delta")
