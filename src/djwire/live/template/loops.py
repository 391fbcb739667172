"""``{% for %}`` as a comprehension: statics once, rows of dynamics, and row-level diffs.

After an event a loop costs what changed: when the list is the same tracked list, not itself
changed, only the rows whose item is dirty are rendered (the tracker's dirty items of the list,
with their positions: no scan of the rows). Otherwise rows are matched to the last render by
``dj-key`` (or by the identity of their watched item), unchanged ones are reused without
rendering, and the difference is sent as insert/delete/move operations plus updates of the rows
that changed.
"""

from __future__ import annotations

from typing import Any, cast

from django.template import Context
from django.template.base import FilterExpression, VariableDoesNotExist

from djwire.codec.types import is_immutable
from djwire.live.containers import Tracked, TrackedList, items_of
from djwire.live.protocol import DIFF_OPS, OP_DELETE, OP_INSERT, OP_UPDATE, TREE_KEY, TREE_ROWS
from djwire.live.template.compile import ForPart
from djwire.live.template.loop_changes import diff_reassigned, dirty_rows_only, replay
from djwire.live.template.reorder import structure_ops
from djwire.live.template.rows import (
    ReversedRows,
    all_watched,
    new_row,
    new_rows,
    own_names,
    rediff_row,
    row_key,
    rows_watched,
    stamp_of,
    watched,
)
from djwire.live.template.state import NOCHANGE, BlockRenderer, Changes, LoopState


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
        if isinstance(values, TrackedList):
            values = ReversedRows(list.__reversed__(values))
        else:
            values = list(reversed(values))
    return values


def render_loop(renderer: BlockRenderer, part: ForPart, context: Context) -> tuple[LoopState, Any]:
    seq = _sequence(part, context)
    width = len(part.body.parts)
    if not seq and part.empty is not None:
        empty, empty_wire = renderer.render_block(part.empty, context)
        return LoopState(seq, [], [], width, None, empty), empty_wire
    wire: dict[str, Any] = {}
    renderer.statics_of(part.body, wire)
    key_index = part.body.key_index
    if key_index is not None:
        wire[TREE_KEY] = key_index  # lets the client find a row's element by its dj-key
    items = list(items_of(seq))
    values, wires = new_rows(renderer, part, context, items, context.get("forloop", {}))
    wire[TREE_ROWS] = wires
    length = len(items)
    stamps = [stamp_of(part, pos, length) for pos in range(length)] if part.uses_position else None
    state = LoopState(seq, items, values, width, stamps, key_index=key_index)
    state.mode = _first_mode(state, seq)
    return state, wire


def _first_mode(state: LoopState, seq: Any) -> str:
    if state.key_index is not None:
        mode = "key"
    elif all_watched(state.items, seq):
        mode = "identity"
    else:
        return "position"
    state.mode = mode
    rids = state.rids()
    return mode if len(set(rids)) == len(rids) else "position"


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
        return old, dirty_rows_only(renderer, part, old, context, changes, ())
    if same_list and not part.uses_position and old.mode != "position":
        replayed = replay(renderer, part, old, seq, context, changes)
        if replayed is not None:
            return replayed
    if not outer_changed:
        reassigned = diff_reassigned(renderer, part, old, seq, context, changes)
        if reassigned is not None:
            return reassigned
    return _diff_general(renderer, part, old, seq, context, changes, outer_changed)


def _reusable(old_item: Any, item: Any, rows: bool, changes: Changes) -> bool:
    if (type(item) is dict and rows) or isinstance(item, Tracked):
        return old_item is item and watched(item, rows) and id(item) not in changes.dirty
    return is_immutable(item) and type(old_item) is type(item) and old_item == item


def _diff_general(
    renderer: BlockRenderer,
    part: ForPart,
    old: LoopState,
    seq: Any,
    context: Context,
    changes: Changes,
    outer_changed: bool,
) -> tuple[LoopState, Any]:
    items = list(items_of(seq))
    length = len(items)
    parent = context.get("forloop", {})
    key_index = part.body.key_index
    rows = rows_watched(seq)
    old_by_item = {id(item): pos for pos, item in enumerate(old.items)}
    # Pass 1: rows reused as they are, and the identity of every row. This loop is the cost
    # of a structural change to a long list, so its common case is kept to a few lookups.
    entries: list[tuple[Any, int | None, Any]] = []
    append = entries.append
    dirty = changes.dirty
    stamped = part.uses_position
    for pos, item in enumerate(items):
        prev = None if outer_changed else old_by_item.get(id(item))
        if (
            prev is not None
            and id(item) not in dirty
            and watched(item, rows)
            and (not stamped or old.stamp(prev) == stamp_of(part, pos, length))
        ):
            append((item, prev, old.rid_of(prev)))
        elif key_index is not None:
            append((item, None, row_key(part, context, item, pos, length, parent)))
        else:
            append((item, None, id(item) if watched(item, rows) else None))
    mode = _mode(part, entries, rows)
    if mode != old.mode:
        return render_loop(renderer, part, context)
    row_changes = changes.for_row(own_names(part), outer_changed)
    if mode == "position":
        return _diff_by_position(renderer, part, old, seq, context, row_changes, outer_changed)
    # Pass 2: render what changed, matching rows to the last render by identity.
    old_pos = {rid: i for i, rid in enumerate(old.rids())}
    width = old.width
    values: list[Any] = []
    keep = values.extend
    new_wires: dict[Any, list[Any]] = {}
    updates: list[Any] = []
    for pos, (item, prev, rid) in enumerate(entries):
        if prev is not None:
            keep(old.values[prev * width : (prev + 1) * width])
            continue
        i = old_pos.get(rid)
        if i is None:
            row, wire = new_row(renderer, part, context, item, pos, length, parent)
            new_wires[rid] = wire
        else:
            row = old.row_values(i)
            diff = rediff_row(renderer, part, context, row, item, pos, length, parent, row_changes)
            if diff:
                updates.append([OP_UPDATE, pos, diff])
        keep(row)
    old_rids = old.rids()
    new_rids = [rid for _item, _prev, rid in entries]
    ops = [] if old_rids == new_rids else structure_ops(old_rids, new_rids, new_wires)
    ops.extend(updates)
    stamps = [stamp_of(part, pos, length) for pos in range(length)] if stamped else None
    state = LoopState(seq, items, values, width, stamps, None, mode, key_index)
    return state, {DIFF_OPS: ops} if ops else NOCHANGE


def _mode(part: ForPart, entries: list[tuple[Any, int | None, Any]], rows: bool) -> str:
    rids = [rid for _item, _prev, rid in entries]
    if part.body.key_index is not None:
        mode = "key"
    elif all(watched(item, rows) for item, _prev, _rid in entries):
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
    items = list(items_of(seq))
    length, old_length = len(items), len(old.items)
    parent = context.get("forloop", {})
    rows = rows_watched(seq)
    width = old.width
    values: list[Any] = []
    keep = values.extend
    ops: list[Any] = [[OP_DELETE, length, old_length - length]] if length < old_length else []
    updates: list[Any] = []
    for pos, item in enumerate(items):
        if pos < old_length:
            row = old.row_values(pos)
            stamp = stamp_of(part, pos, length)
            if (
                outer_changed
                or old.stamp(pos) != stamp
                or not _reusable(old.items[pos], item, rows, row_changes)
            ):
                diff = rediff_row(
                    renderer, part, context, row, item, pos, length, parent, row_changes
                )
                if diff:
                    updates.append([OP_UPDATE, pos, diff])
        else:
            row, wire = new_row(renderer, part, context, item, pos, length, parent)
            ops.append([OP_INSERT, pos, wire])
        keep(row)
    ops.extend(updates)
    stamps = [stamp_of(part, pos, length) for pos in range(length)] if part.uses_position else None
    state = LoopState(seq, items, values, width, stamps, None, "position", part.body.key_index)
    return state, {DIFF_OPS: ops} if ops else NOCHANGE
