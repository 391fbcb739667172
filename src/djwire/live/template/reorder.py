"""The operations that turn one order of rows into another: deletes, inserts and moves for a
small change, one rebuild for a big one (a sort). Rows are named by their identity (dj-key)."""

from __future__ import annotations

from typing import Any

from djwire.live.protocol import OP_DELETE, OP_INSERT, OP_MOVE, OP_REBUILD

# Above this many rows in the changed middle of a list, one rebuild op is cheaper to compute
# and about as small as a run of single moves.
_FINE_OPS_LIMIT = 48


def structure_ops(old: list[Any], new: list[Any], new_wires: dict[Any, list[Any]]) -> list[Any]:
    """Operations turning the row order ``old`` into ``new`` (row identities, all unique)."""
    shortest = min(len(old), len(new))
    p = 0
    while p < shortest and old[p] == new[p]:
        p += 1
    s = 0
    while s < shortest - p and old[-1 - s] == new[-1 - s]:
        s += 1
    middle_old, middle_new = old[p : len(old) - s], new[p : len(new) - s]
    if len(middle_old) + len(middle_new) > _FINE_OPS_LIMIT:
        return [_rebuild(old, new, new_wires)]
    ops: list[Any] = []
    work = list(middle_old)
    keep = set(middle_new)
    i = len(work) - 1
    while i >= 0:  # deletions first, as runs, from the end so positions stay valid
        if work[i] in keep:
            i -= 1
            continue
        j = i
        while j > 0 and work[j - 1] not in keep:
            j -= 1
        ops.append([OP_DELETE, p + j, i - j + 1])
        del work[j : i + 1]
        i = j - 1
    for j, rid in enumerate(middle_new):
        if j < len(work) and work[j] == rid:
            continue
        if rid in new_wires:
            ops.append([OP_INSERT, p + j, new_wires[rid]])
            work.insert(j, rid)
        else:
            k = work.index(rid, j)
            ops.append([OP_MOVE, p + k, p + j])
            work.insert(j, work.pop(k))
    return ops


def _rebuild(old: list[Any], new: list[Any], new_wires: dict[Any, list[Any]]) -> list[Any]:
    old_index = {rid: i for i, rid in enumerate(old)}
    order: list[int] = []
    rows: list[Any] = []
    for rid in new:
        i = old_index.get(rid)
        if i is None:
            rows.append(new_wires[rid])
            order.append(-len(rows))
        else:
            order.append(i)
    return [OP_REBUILD, order, rows]
