"""The client's side of the tree, in Python: merge a diff, spell the HTML.

The JS client does the same (client/src/live/tree.js); both are tested against the shared examples
in tests/protocol/examples/. djwire.testing uses this to show the page as the browser would.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from itertools import chain, repeat
from typing import Any

from djwire.live.protocol import (
    DIFF_OPS,
    OP_DELETE,
    OP_INSERT,
    OP_MOVE,
    OP_REBUILD,
    OP_UPDATE,
    TREE_FINGERPRINT,
    TREE_ROWS,
    TREE_STATICS,
)


class Statics:
    """The statics a client holds, by fingerprint."""

    def __init__(self, by_fingerprint: dict[str, list[str]] | None = None) -> None:
        self.by_fingerprint: dict[str, list[str]] = by_fingerprint or {}

    def collect(self, node: Any) -> None:
        if not isinstance(node, dict):
            return
        if TREE_STATICS in node and TREE_FINGERPRINT in node:
            self.by_fingerprint[node[TREE_FINGERPRINT]] = node[TREE_STATICS]
        if TREE_ROWS in node:
            for row in node[TREE_ROWS]:
                for value in row:
                    self.collect(value)
        for key, value in node.items():
            if key.isdigit():
                self.collect(value)

    def of(self, node: dict[str, Any]) -> list[str]:
        statics = node.get(TREE_STATICS)
        if statics is None:
            statics = self.by_fingerprint[node[TREE_FINGERPRINT]]
        return statics


def merge(tree: Any, diff: Any, statics: Statics, *, in_place: bool = False) -> Any:
    """Apply ``diff`` to ``tree`` and return the new tree; ``tree`` is left as it was unless
    ``in_place`` (cheaper for a large tree the caller owns)."""
    if not in_place:
        tree = copy.deepcopy(tree)
    return _merge(tree, diff, statics)


def _merge(node: Any, diff: Any, statics: Statics) -> Any:
    if isinstance(diff, str) or (isinstance(diff, dict) and TREE_FINGERPRINT in diff):
        statics.collect(diff)
        return diff
    if DIFF_OPS in diff:
        rows = node[TREE_ROWS]
        for op in diff[DIFF_OPS]:
            kind = op[0]
            if kind == OP_UPDATE:
                rows[op[1]] = _merge_row(rows[op[1]], op[2], statics)
            elif kind == OP_INSERT:
                for value in op[2]:
                    statics.collect(value)
                rows.insert(op[1], op[2])
            elif kind == OP_DELETE:
                del rows[op[1] : op[1] + op[2]]
            elif kind == OP_MOVE:
                rows.insert(op[2], rows.pop(op[1]))
            elif kind == OP_REBUILD:
                for row in op[2]:
                    for value in row:
                        statics.collect(value)
                old = rows
                rows = [old[j] if j >= 0 else op[2][-j - 1] for j in op[1]]
                node[TREE_ROWS] = rows
            else:
                raise ValueError(f"unknown comprehension op {kind!r}")
        return node
    for key, value in diff.items():
        node[key] = _merge(node[key], value, statics)
    return node


def _merge_row(row: list[Any], diff: dict[str, Any], statics: Statics) -> list[Any]:
    row = list(row)
    for key, value in diff.items():
        index = int(key)
        row[index] = _merge(row[index], value, statics)
    return row


def to_html(node: Any, statics: Statics) -> str:
    """The HTML a tree spells."""
    if isinstance(node, str):
        return node
    out: list[str] = []
    _write(node, statics, out)
    return "".join(out)


def _write(node: dict[str, Any], statics: Statics, out: list[str]) -> None:
    parts = statics.of(node)
    if TREE_ROWS in node:
        _spell_rows(parts, node[TREE_ROWS], statics, out)
        return
    _spell(parts, [node[str(i)] for i in range(len(parts) - 1)], statics, out)


def _spell(parts: list[str], values: list[Any], statics: Statics, out: list[str]) -> None:
    # One list for the whole page (not a string joined per fragment); a value is most often
    # a string, written without a call.
    append = out.append
    append(parts[0])
    for index, value in enumerate(values, 1):
        if type(value) is str:
            append(value)
        else:
            _write(value, statics, out)
        append(parts[index])


def _spell_rows(parts: list[str], rows: list[list[Any]], statics: Statics, out: list[str]) -> None:
    """The rows of a loop: column by column, so that the page's bulk (a table's rows) is
    joined in C rather than value by value. A column of texts is taken as it is; another
    (an ``{% if %}``, a nested loop) has each value spelled, a block without values once."""
    if len(parts) == 1 or not rows:  # rows without values
        out.append(parts[0] * len(rows))
        return
    columns: list[Any] = [repeat(parts[0])]
    for index, values in enumerate(zip(*rows, strict=True), 1):
        column: Sequence[Any] = values
        if set(map(type, values)) != {str}:
            column = _spelled(values, statics)
        columns.append(column)
        columns.append(repeat(parts[index]))
    # The statics repeat without end: the rows' columns end the zip.
    out.append("".join(chain.from_iterable(zip(*columns))))  # noqa: B905


def _spelled(column: tuple[Any, ...], statics: Statics) -> list[str]:
    texts: dict[str, str] = {}  # the HTML of a block that holds no values, by fingerprint
    spelled = []
    for value in column:
        if type(value) is str:
            spelled.append(value)
            continue
        if TREE_ROWS in value:  # a loop
            spelled.append(to_html(value, statics))
            continue
        text = texts.get(value[TREE_FINGERPRINT])
        if text is None:
            parts = statics.of(value)
            text = to_html(value, statics)
            if len(parts) == 1:
                texts[value[TREE_FINGERPRINT]] = text
        spelled.append(text)
    return spelled
