"""``{% for %}`` as a comprehension: statics once, rows of dynamics, and row-level diffs.

After an event a loop costs what changed: when the list is the same tracked list, not itself
changed, only the rows whose item is dirty are rendered (found through the dirty ids, not by
a scan). Otherwise rows are matched to the last render by ``dj-key`` (or by the identity of
their tracked item), unchanged ones are reused without rendering, and the difference is sent
as insert/delete/move operations plus updates of the rows that changed.
"""

from __future__ import annotations

from typing import Any, cast

from django.template import Context
from django.template.base import FilterExpression, VariableDoesNotExist

from djwire.codec.types import is_immutable
from djwire.live.containers import Tracked
from djwire.live.protocol import DIFF_OPS, OP_DELETE, OP_INSERT, OP_UPDATE, TREE_KEY, TREE_ROWS
from djwire.live.template.compile import ForPart
from djwire.live.template.loop_changes import diff_reassigned, dirty_rows_only, replay
from djwire.live.template.reorder import structure_ops
from djwire.live.template.rows import (
    new_row,
    new_rows,
    own_names,
    rediff_row,
    row_key,
    stamp_of,
)
from djwire.live.template.state import NOCHANGE, BlockRenderer, Changes, LoopState, RowState


def _sequence(part: ForPart, context: Context) -> Any:
    # The same resolution as Django's ForNode.render.
    sequence = cast(FilterExpression, part.node.sequence)
    try:
        values = sequence.resolve(context, ignore_failures=True)
    except VariableDoesNotExist:
        values = []
    if values is None:
        values = []
    if not hasattr(values, "__len__"):
        values = list(values)
    if part.node.is_reversed:
        values = list(reversed(values))
    return values


def render_loop(renderer: BlockRenderer, part: ForPart, context: Context) -> tuple[LoopState, Any]:
    seq = _sequence(part, context)
    if not seq and part.empty is not None:
        empty, empty_wire = renderer.render_block(part.empty, context)
        return LoopState(seq, [], empty), empty_wire
    wire: dict[str, Any] = {}
    renderer.statics_of(part.body, wire)
    if part.body.key_index is not None:
        wire[TREE_KEY] = part.body.key_index  # lets the client find a row's element by its dj-key
    rows, wires = new_rows(renderer, part, context, seq, context.get("forloop", {}))
    wire[TREE_ROWS] = wires
    state = LoopState(seq, rows)
    _assign_rids(part, state)
    return state, wire


def _assign_rids(part: ForPart, state: LoopState) -> None:
    rows = state.rows
    key_index = part.body.key_index
    if key_index is not None:
        rids: list[Any] = [row[key_index] for row in rows]
        mode = "key"
    elif all(isinstance(row.item, Tracked) for row in rows):
        rids = [id(row.item) for row in rows]
        mode = "identity"
    else:
        rids, mode = list(range(len(rows))), "position"
    if mode != "position" and len(set(rids)) != len(rids):
        rids, mode = list(range(len(rows))), "position"
    for row, rid in zip(rows, rids, strict=True):
        row.rid = rid
    state.mode = mode


def _outer_changed(part: ForPart, changes: Changes) -> bool:
    outer = part.outer_deps
    if outer is None or changes.names is None:
        return True
    return not outer.isdisjoint(changes.names) or not outer <= changes.known


def diff_loop(
    renderer: BlockRenderer, part: ForPart, old: Any, context: Context, changes: Changes
) -> tuple[LoopState, Any]:
    seq = _sequence(part, context)
    if not seq and part.empty is not None:
        if old.empty is not None:
            diff = renderer.diff_block(old.empty, context, changes)
            old.seq = seq
            return old, diff if diff else NOCHANGE
        return render_loop(renderer, part, context)
    if old.empty is not None:
        return render_loop(renderer, part, context)
    outer_changed = _outer_changed(part, changes)
    same_list = (
        seq is old.seq and isinstance(seq, Tracked) and not seq._dj_opaque and not outer_changed
    )
    if same_list and id(seq) not in changes.mutated:
        if len(old.row_by_item()) == len(old.rows):
            return old, dirty_rows_only(renderer, part, old, context, changes, [])
    elif same_list and not part.uses_position and old.mode != "position":
        replayed = replay(renderer, part, old, seq, context, changes)
        if replayed is not None:
            return replayed
    if not outer_changed:
        reassigned = diff_reassigned(renderer, part, old, seq, context, changes)
        if reassigned is not None:
            return reassigned
    return _diff_general(renderer, part, old, seq, context, changes, outer_changed)


def _reusable(row: RowState, item: Any, changes: Changes) -> bool:
    if isinstance(item, Tracked):
        return row.item is item and not item._dj_opaque and id(item) not in changes.dirty
    return is_immutable(item) and type(row.item) is type(item) and row.item == item


def _diff_general(
    renderer: BlockRenderer,
    part: ForPart,
    old: LoopState,
    seq: Any,
    context: Context,
    changes: Changes,
    outer_changed: bool,
) -> tuple[LoopState, Any]:
    length = len(seq)
    parent = context.get("forloop", {})
    key_index = part.body.key_index
    old_by_item = {id(row.item): row for row in old.rows}
    # Pass 1: rows reused as they are, and the identity of every row. This loop is the cost
    # of a structural change to a long list, so its common case is kept to a few lookups.
    entries: list[tuple[Any, RowState | None, Any]] = []
    append = entries.append
    dirty = changes.dirty
    stamped = part.uses_position
    for pos, item in enumerate(seq):
        prev = None if outer_changed else old_by_item.get(id(item))
        if (
            prev is not None
            and prev.item is item
            and isinstance(item, Tracked)
            and not item._dj_opaque
            and id(item) not in dirty
            and (not stamped or prev.stamp == stamp_of(part, pos, length))
        ):
            append((item, prev, prev.rid))
        elif key_index is not None:
            append((item, None, row_key(part, context, item, pos, length, parent)))
        else:
            append((item, None, id(item) if isinstance(item, Tracked) else None))
    mode = _mode(part, entries)
    if mode != old.mode:
        return render_loop(renderer, part, context)
    row_changes = changes.for_row(own_names(part), outer_changed)
    if mode == "position":
        return _diff_by_position(renderer, part, old, seq, context, row_changes, outer_changed)
    # Pass 2: render what changed, matching rows to the last render by identity.
    old_pos = {row.rid: i for i, row in enumerate(old.rows)}
    rows: list[RowState] = []
    new_wires: dict[Any, list[Any]] = {}
    updates: list[Any] = []
    for pos, (item, prev, rid) in enumerate(entries):
        if prev is not None:
            rows.append(prev)
            continue
        i = old_pos.get(rid)
        if i is None:
            row, wire = new_row(renderer, part, context, item, pos, length, parent)
            new_wires[rid] = wire
        else:
            row = old.rows[i]
            diff = rediff_row(renderer, part, context, row, item, pos, length, parent, row_changes)
            if diff:
                updates.append([OP_UPDATE, pos, diff])
        row.rid = rid
        rows.append(row)
    old_rids = [row.rid for row in old.rows]
    new_rids = [row.rid for row in rows]
    ops = [] if old_rids == new_rids else structure_ops(old_rids, new_rids, new_wires)
    ops.extend(updates)
    state = LoopState(seq, rows, None, mode)
    return state, {DIFF_OPS: ops} if ops else NOCHANGE


def _mode(part: ForPart, entries: list[tuple[Any, RowState | None, Any]]) -> str:
    rids = [rid for _item, _prev, rid in entries]
    if part.body.key_index is not None:
        mode = "key"
    elif all(isinstance(item, Tracked) for item, _prev, _rid in entries):
        mode = "identity"
    else:
        return "position"
    return mode if len(set(rids)) == len(rids) else "position"


def _diff_by_position(
    renderer: BlockRenderer,
    part: ForPart,
    old: LoopState,
    seq: Any,
    context: Context,
    row_changes: Changes,
    outer_changed: bool,
) -> tuple[LoopState, Any]:
    length, old_length = len(seq), len(old.rows)
    parent = context.get("forloop", {})
    rows: list[RowState] = []
    ops: list[Any] = [[OP_DELETE, length, old_length - length]] if length < old_length else []
    updates: list[Any] = []
    for pos, item in enumerate(seq):
        if pos < old_length:
            row = old.rows[pos]
            stamp = stamp_of(part, pos, length)
            if outer_changed or row.stamp != stamp or not _reusable(row, item, row_changes):
                diff = rediff_row(
                    renderer, part, context, row, item, pos, length, parent, row_changes
                )
                if diff:
                    updates.append([OP_UPDATE, pos, diff])
        else:
            row, wire = new_row(renderer, part, context, item, pos, length, parent)
            ops.append([OP_INSERT, pos, wire])
        row.rid = pos
        rows.append(row)
    ops.extend(updates)
    return LoopState(seq, rows, None, "position"), {DIFF_OPS: ops} if ops else NOCHANGE
