"""Changes to a loop that cost what changed, not the length of the list: the inserts and deletes
logged on a tracked list replayed in place, a reassigned list compared row against row in C, and
the rows whose items changed in place re-rendered alone. Each returns None when it does not
apply, and the loop is then matched row by row (loops.py)."""

from __future__ import annotations

import operator
from itertools import compress, repeat
from typing import Any

from django.template import Context

from djwire.live.containers import Tracked
from djwire.live.protocol import DIFF_OPS, OP_DELETE, OP_INSERT, OP_UPDATE
from djwire.live.template.compile import ForPart
from djwire.live.template.rows import new_row, own_names, rediff_row, row_key
from djwire.live.template.state import NOCHANGE, BlockRenderer, Changes, LoopState, RowState


def diff_reassigned(
    renderer: BlockRenderer,
    part: ForPart,
    old: LoopState,
    seq: Any,
    context: Context,
    changes: Changes,
) -> tuple[LoopState, Any] | None:
    """A new list of the same length whose items equal the old ones but for a few (a handler
    that re-reads its rows): render only the rows whose data differ. The comparisons run in C,
    row against row; None when this does not apply (then rows are matched by key or identity).

    Only plain data is compared (tracked dicts and lists of immutable values): equal data
    renders alike. A model instance compares equal by its primary key alone, so a list of them
    is never taken this way."""
    rows = old.rows
    length = len(rows)
    if len(seq) != length or not length or not _plain_tracked(seq):
        return None
    olds = list(map(_ITEM, rows))
    if not all(map(isinstance, seq, repeat(Tracked))) or any(map(_OPAQUE, seq)):
        return None
    if not changes.dirty.isdisjoint(map(id, olds)):
        return None  # an old item changed in place since it was rendered
    differing = list(compress(range(length), map(operator.ne, olds, seq)))
    if len(differing) > max(_FEW_CHANGED, length // 100):
        return None
    key_index = part.body.key_index
    parent = context.get("forloop", {})
    row_changes = changes.for_row(own_names(part), outer_changed=False)
    if key_index is not None:
        for pos in differing:
            if row_key(part, context, seq[pos], pos, length, parent) != rows[pos].rid:
                return None  # a row took another key: matched by key, as a move or insert
    ops: list[Any] = []
    for pos in differing:
        row = rows[pos]
        diff = rediff_row(renderer, part, context, row, seq[pos], pos, length, parent, row_changes)
        if diff:
            ops.append([OP_UPDATE, pos, diff])
    for row, item in zip(rows, seq, strict=True):
        row.item = item
    state = LoopState(
        seq, rows, None, old.mode, _rids=old._rids if old.mode != "identity" else None
    )
    if old.mode == "identity":
        for row in rows:
            row.rid = id(row.item)
    return state, {DIFF_OPS: ops} if ops else NOCHANGE


def _plain_tracked(value: Any) -> bool:
    return isinstance(value, Tracked) and not value._dj_opaque


# More changed rows than this (or than 1% of the list) are matched row by row instead.
_FEW_CHANGED = 32
_ITEM = operator.attrgetter("item")
_OPAQUE = operator.attrgetter("_dj_opaque")


def replay(
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
            row, wire = new_row(renderer, part, context, op[2], position, length, parent)
            rid = row[key_index] if key_index is not None else id(op[2])
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
        updates = dirty_rows_only(renderer, part, old, context, changes, inserted)
        if updates is not NOCHANGE:
            ops.extend(updates[DIFF_OPS])
    return old, {DIFF_OPS: ops} if ops else NOCHANGE


def dirty_rows_only(
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
    row_changes = changes.for_row(own_names(part), outer_changed=False)
    key_index = part.body.key_index
    ops: list[Any] = []
    for pos in positions:
        row = rows[pos]
        diff = rediff_row(renderer, part, context, row, row.item, pos, length, parent, row_changes)
        if diff:
            ops.append([OP_UPDATE, pos, diff])
        if key_index is not None and old.mode == "key":
            _rekey(old, row, row[key_index])
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
