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
from djwire.live.template.compile import ExprPart, ForPart
from djwire.live.template.reorder import structure_ops
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


def _push_row(
    part: ForPart, context: Context, item: Any, pos: int, length: int, parent: Any
) -> None:
    context.push()
    context["forloop"] = {
        "parentloop": parent,
        "counter0": pos,
        "counter": pos + 1,
        "revcounter": length - pos,
        "revcounter0": length - pos - 1,
        "first": pos == 0,
        "last": pos == length - 1,
    }
    loopvars = part.loopvars
    if len(loopvars) == 1:
        context[loopvars[0]] = item
        return
    try:
        count = len(item)
    except TypeError:
        count = 1
    if count != len(loopvars):
        context.pop()
        raise ValueError(f"Need {len(loopvars)} values to unpack in for loop; got {count}. ")
    for name, value in zip(loopvars, item, strict=True):
        context[name] = value


def _stamp(part: ForPart, pos: int, length: int) -> tuple[int | None, int | None]:
    return (pos if part.uses_position else None, length if part.uses_length else None)


def _own_names(part: ForPart) -> frozenset[str]:
    return frozenset(part.loopvars) | {"forloop"}


def _new_row(
    renderer: BlockRenderer,
    part: ForPart,
    context: Context,
    item: Any,
    pos: int,
    length: int,
    parent: Any,
) -> tuple[RowState, list[Any]]:
    _push_row(part, context, item, pos, length, parent)
    try:
        values, wire = renderer.render_values(part.body, context)
    finally:
        context.pop()
    return RowState(item, None, values, _stamp(part, pos, length)), wire


def _rediff_row(
    renderer: BlockRenderer,
    part: ForPart,
    context: Context,
    row: RowState,
    item: Any,
    pos: int,
    length: int,
    parent: Any,
    changes: Changes,
) -> dict[str, Any]:
    _push_row(part, context, item, pos, length, parent)
    try:
        diff = renderer.diff_values(part.body, row.values, context, changes)
    finally:
        context.pop()
    row.item = item
    row.stamp = _stamp(part, pos, length)
    return diff


def _row_key(part: ForPart, context: Context, item: Any, pos: int, length: int, parent: Any) -> str:
    assert part.body.key_index is not None
    key_part = part.body.parts[part.body.key_index]
    assert isinstance(key_part, ExprPart)
    _push_row(part, context, item, pos, length, parent)
    try:
        return str(key_part.node.render_annotated(context))
    finally:
        context.pop()


def render_loop(renderer: BlockRenderer, part: ForPart, context: Context) -> tuple[LoopState, Any]:
    seq = _sequence(part, context)
    if not seq and part.empty is not None:
        empty, empty_wire = renderer.render_block(part.empty, context)
        return LoopState(seq, [], empty), empty_wire
    wire: dict[str, Any] = {}
    renderer.statics_of(part.body, wire)
    if part.body.key_index is not None:
        wire[TREE_KEY] = part.body.key_index  # lets the client find a row's element by its dj-key
    parent = context.get("forloop", {})
    rows, wires = [], []
    length = len(seq)
    for pos, item in enumerate(seq):
        row, row_wire = _new_row(renderer, part, context, item, pos, length, parent)
        rows.append(row)
        wires.append(row_wire)
    wire[TREE_ROWS] = wires
    state = LoopState(seq, rows)
    _assign_rids(part, state)
    return state, wire


def _assign_rids(part: ForPart, state: LoopState) -> None:
    rows = state.rows
    key_index = part.body.key_index
    if key_index is not None:
        rids: list[Any] = [row.values[key_index] for row in rows]
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
            return old, _dirty_rows_only(renderer, part, old, context, changes, [])
    elif same_list and not part.uses_position and old.mode != "position":
        replayed = _replay(renderer, part, old, seq, context, changes)
        if replayed is not None:
            return replayed
    return _diff_general(renderer, part, old, seq, context, changes, outer_changed)


def _replay(
    renderer: BlockRenderer,
    part: ForPart,
    old: LoopState,
    seq: Any,
    context: Context,
    changes: Changes,
) -> tuple[LoopState, Any] | None:
    """Replay the inserts and deletes logged on the list: the cost of the change, not of the
    list (the loop's state is changed in place, nothing of it copied). None, with the state as
    it was, when the log cannot be used (a sort, a slice, a key that is not unique)."""
    log = changes.structure.get(id(seq))
    if not log:
        return None
    rows, rids, by_item = old.rows, old.rid_set(), old.row_by_item()
    key_index = part.body.key_index
    parent = context.get("forloop", {})
    length = len(seq)
    ops: list[Any] = []
    inserted: set[int] = set()
    done: list[tuple[bool, int, RowState]] = []  # (inserted?, position, row), to undo

    def undo() -> None:
        for was_insert, position, row in reversed(done):
            if was_insert:
                rows.pop(position)
                rids.discard(row.rid)
                del by_item[id(row.item)]
            else:
                rows.insert(position, row)
                rids.add(row.rid)
                by_item[id(row.item)] = row

    for op in log:
        position = op[1]
        if op[0] in ("d", "s"):
            row = rows.pop(position)
            rids.discard(row.rid)
            by_item.pop(id(row.item), None)
            done.append((False, position, row))
            ops.append([OP_DELETE, position, 1])
        if op[0] in ("i", "s"):
            row, wire = _new_row(renderer, part, context, op[2], position, length, parent)
            rid = row.values[key_index] if key_index is not None else id(op[2])
            if rid in rids:
                undo()
                return None
            row.rid = rid
            rids.add(rid)
            by_item[id(op[2])] = row
            rows.insert(position, row)
            done.append((True, position, row))
            inserted.add(id(op[2]))
            ops.append([OP_INSERT, position, wire])
    if len(rows) != length:
        undo()
        return None
    if any(d in by_item and d not in inserted for d in changes.dirty):
        updates = _dirty_rows_only(renderer, part, old, context, changes, inserted)
        if updates is not NOCHANGE:
            ops.extend(updates[DIFF_OPS])
    return old, {DIFF_OPS: ops} if ops else NOCHANGE


def _dirty_rows_only(
    renderer: BlockRenderer,
    part: ForPart,
    old: LoopState,
    context: Context,
    changes: Changes,
    skip: set[int] | list[int],
) -> Any:
    by_item = old.row_by_item()
    dirty = [by_item[d] for d in changes.dirty if d in by_item and d not in skip]
    if not dirty:
        return NOCHANGE
    positions = old.positions_of(dirty)
    rows, length = old.rows, len(old.rows)
    parent = context.get("forloop", {})
    row_changes = changes.for_row(_own_names(part), outer_changed=False)
    key_index = part.body.key_index
    ops: list[Any] = []
    for pos in positions:
        row = rows[pos]
        diff = _rediff_row(renderer, part, context, row, row.item, pos, length, parent, row_changes)
        if diff:
            ops.append([OP_UPDATE, pos, diff])
        if key_index is not None and old.mode == "key":
            _rekey(old, row, row.values[key_index])
    return {DIFF_OPS: ops} if ops else NOCHANGE


def _rekey(state: LoopState, row: RowState, rid: Any) -> None:
    """A row's dj-key may change with its values: keep the loop's set of keys up to date."""
    if rid == row.rid:
        return
    rids = state._rids
    if rids is not None:
        if rid in rids:
            state._rids = None  # two rows share a key now: counted afresh when needed
        else:
            rids.discard(row.rid)
            rids.add(rid)
    row.rid = rid


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
            and (not stamped or prev.stamp == _stamp(part, pos, length))
        ):
            append((item, prev, prev.rid))
        elif key_index is not None:
            append((item, None, _row_key(part, context, item, pos, length, parent)))
        else:
            append((item, None, id(item) if isinstance(item, Tracked) else None))
    mode = _mode(part, entries)
    if mode != old.mode:
        return render_loop(renderer, part, context)
    row_changes = changes.for_row(_own_names(part), outer_changed)
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
            row, wire = _new_row(renderer, part, context, item, pos, length, parent)
            new_wires[rid] = wire
        else:
            row = old.rows[i]
            diff = _rediff_row(renderer, part, context, row, item, pos, length, parent, row_changes)
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
            stamp = _stamp(part, pos, length)
            if outer_changed or row.stamp != stamp or not _reusable(row, item, row_changes):
                diff = _rediff_row(
                    renderer, part, context, row, item, pos, length, parent, row_changes
                )
                if diff:
                    updates.append([OP_UPDATE, pos, diff])
        else:
            row, wire = _new_row(renderer, part, context, item, pos, length, parent)
            ops.append([OP_INSERT, pos, wire])
        row.rid = pos
        rows.append(row)
    ops.extend(updates)
    return LoopState(seq, rows, None, "position"), {DIFF_OPS: ops} if ops else NOCHANGE
