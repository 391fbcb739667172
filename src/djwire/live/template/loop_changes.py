"""Changes to a loop that cost what changed, not the length of the list: the inserts and deletes
logged on a tracked list replayed in place, a reassigned list compared row against row in C, and
the rows whose items changed in place re-rendered alone. Each returns None when it does not
apply, and the loop is then matched row by row (loops.py)."""

from __future__ import annotations

import operator
from collections.abc import Collection
from itertools import compress, count
from typing import Any

from django.template import Context

from djwire.live.containers import Tracked, items_of, position_of
from djwire.live.protocol import DIFF_OPS, OP_DELETE, OP_INSERT, OP_UPDATE
from djwire.live.template.compile import ForPart
from djwire.live.template.rows import all_watched, new_row, own_names, rediff_row, row_key
from djwire.live.template.state import NO_STAMP, NOCHANGE, BlockRenderer, Changes, LoopState


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

    Only plain data is compared (plain rows, tracked dicts and lists of immutable values):
    equal data renders alike. A model instance compares equal by its primary key alone, so a
    list of them is never taken this way."""
    olds = old.items
    length = len(olds)
    if len(seq) != length or not length or not _plain_tracked(seq):
        return None
    items = list(items_of(seq))
    if not all_watched(items, seq):
        return None
    rendered = changes.as_rendered.get(id(old.seq))
    if rendered is None or len(rendered) != length:
        dirty = changes.dirty
        if dirty and not dirty.isdisjoint(map(id, olds)):
            return None  # an old item changed in place since it was rendered
        rendered = olds
    differing = list(compress(count(), map(operator.ne, rendered, items)))
    if len(differing) > max(_FEW_CHANGED, length // 100):
        return None
    key_index = part.body.key_index
    parent = context.get("forloop", {})
    row_changes = changes.for_row(own_names(part), outer_changed=False)
    if key_index is not None:
        for pos in differing:
            if row_key(part, context, items[pos], pos, length, parent) != old.rid_of(pos):
                return None  # a row took another key: matched by key, as a move or insert
    ops: list[Any] = []
    for pos in differing:
        row, item = old.row_values(pos), items[pos]
        diff = rediff_row(renderer, part, context, row, item, pos, length, parent, row_changes)
        old.put_row(pos, item, row, old.stamp(pos))
        if diff:
            ops.append([OP_UPDATE, pos, diff])
    old.seq, old.items = seq, items  # every row is now drawn from the new list's item
    if old.mode == "identity":
        old._rids = None
    return old, {DIFF_OPS: ops} if ops else NOCHANGE


def _plain_tracked(value: Any) -> bool:
    return isinstance(value, Tracked) and not value._dj_opaque


# More changed rows than this (or than 1% of the list) are matched row by row instead.
_FEW_CHANGED = 32


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
    rids = old.rid_set()
    key_index = part.body.key_index
    parent = context.get("forloop", {})
    length = len(seq)
    ops: list[Any] = []
    inserted: set[int] = set()
    # (inserted?, position, item, values, rid) of each step, to undo them
    done: list[tuple[bool, int, Any, list[Any], Any]] = []

    def undo() -> None:
        for was_insert, position, item, values, rid in reversed(done):
            if was_insert:
                old.delete_row(position)
                rids.discard(rid)
            else:
                old.insert_row(position, item, values, NO_STAMP)
                rids.add(rid)

    for op in log:
        position = op[1]
        if op[0] in ("d", "s"):
            rid = old.rid_of(position)
            item, values, _stamp = old.delete_row(position)
            rids.discard(rid)
            done.append((False, position, item, values, rid))
            ops.append([OP_DELETE, position, 1])
        if op[0] in ("i", "s"):
            item = op[2]
            values, wire = new_row(renderer, part, context, item, position, length, parent)
            rid = values[key_index] if key_index is not None else id(item)
            if rid in rids:
                undo()
                return None
            rids.add(rid)
            old.insert_row(position, item, values, NO_STAMP)
            done.append((True, position, item, values, rid))
            inserted.add(id(item))
            ops.append([OP_INSERT, position, wire])
    if len(old.items) != length:
        undo()
        return None
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
    skip: Collection[int],
) -> Any:
    """Render again the rows whose item changed in place (but those of ``skip``, by id)."""
    positions = _dirty_positions(old, changes, skip)
    if not positions:
        return NOCHANGE
    items, length = old.items, len(old.items)
    parent = context.get("forloop", {})
    row_changes = changes.for_row(own_names(part), outer_changed=False)
    key_index = part.body.key_index
    ops: list[Any] = []
    for pos in positions:
        row = old.row_values(pos)
        rid = old.rid_of(pos)
        item = items[pos]
        diff = rediff_row(renderer, part, context, row, item, pos, length, parent, row_changes)
        old.put_row(pos, item, row, old.stamp(pos))
        if diff:
            ops.append([OP_UPDATE, pos, diff])
        if key_index is not None and old.mode == "key":
            _rekey(old, rid, row[key_index])
    return {DIFF_OPS: ops} if ops else NOCHANGE


def _dirty_positions(old: LoopState, changes: Changes, skip: Collection[int]) -> list[int]:
    """The positions of the loop's rows whose item is dirty, in order: from the tracker's
    dirty items of the list (each with its position, or found by a pointer scan), or, when
    those are not known, by a look at every row's id (in C)."""
    dirty = changes.dirty
    if not dirty:
        return []
    items = old.items
    if changes.children is None or old.mode == "position":
        # Not known (or an item may be in the list twice): every row's id, looked up in C.
        found = compress(count(), map(dirty.__contains__, map(id, items)))
        return [pos for pos in found if id(items[pos]) not in skip]
    positions = set()
    for item, hint in changes.children.get(id(old.seq), {}).values():
        if id(item) in skip:
            continue
        pos = position_of(items, item, hint)
        if pos is not None:
            positions.add(pos)
    return sorted(positions)


def _rekey(state: LoopState, old_rid: Any, rid: Any) -> None:
    """A row's dj-key may change with its values: keep the loop's set of keys up to date."""
    if rid == old_rid:
        return
    rids = state._rids
    if rids is not None:
        if rid in rids:
            state._rids = None  # two rows share a key now: counted afresh when needed
        else:
            rids.discard(old_rid)
            rids.add(rid)
