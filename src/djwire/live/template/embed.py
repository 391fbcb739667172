"""What the HTTP page embeds so that the client can rebuild the rendered tree from the DOM.

The join resends nothing the page holds, so the client needs the tree of the HTTP render. The
HTML already spells every value; what it does not say is the tree's shape. The page carries
(docs/protocol.md, "The page's tree"):

- ``b``, the template's blocks by fingerprint: statics and what each part is (a value read
  from the DOM, a value in the stream, an ``{% if %}``'s branches, a ``{% for %}``'s body) —
  the same for every render of the template, so its size does not grow with the rows;
- ``q``, the stream: in the order the tree is spelled, each loop's row count, each ``{% if %}``'s
  branch, and the values the DOM cannot give back (readable.py) — a row of a table with an
  ``{% if %}`` in it costs two bytes;
- ``x``, the values at readable places that are not plain escaped text (``|safe`` markup, an
  entity Django would not write): by their number among the readable values.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from itertools import chain, compress, count
from operator import itemgetter
from typing import Any

import orjson

from djwire.live.protocol import (
    BLOCK_PARTS,
    LOOP_BODY,
    LOOP_EMPTY,
    PAGE_BLOCKS,
    PAGE_EXCEPTIONS,
    PAGE_STREAM,
    PART_READ,
    PART_STREAM,
    TREE_FINGERPRINT,
    TREE_KEY,
    TREE_ROWS,
    TREE_STATICS,
)
from djwire.live.template.compile import Block, ExprPart, ForPart, IfPart
from djwire.live.tree import Statics, to_html

# What the client reads from the DOM and escapes again as Django does (& < > " '): exact only
# when the value is text Django escaped. A carriage return or NUL the parser changes, and a
# newline first is dropped after <pre>.
_NOT_PLAIN = re.compile(r"[<>\"'\r\0]|&(?!(?:amp|lt|gt|quot|#x27);)|^\n")

# Per template (its root block): its blocks, and their JSON, made once.
_blocks: weakref.WeakKeyDictionary[Block, tuple[dict[str, Any], bytes]] = (
    weakref.WeakKeyDictionary()
)


def _blocks_of(block: Block) -> tuple[dict[str, Any], bytes]:
    found = _blocks.get(block)
    if found is None:
        blocks = blocks_of(block)
        found = _blocks[block] = (blocks, orjson.dumps(blocks))
    return found


def region_html(block: Block, tree: dict[str, Any]) -> str:
    """The live region of the HTTP page: the script with the page's tree (first child of the
    root, which the client removes), then the HTML ``tree`` spells."""
    data = page_payload(block, tree).replace(b"<", b"\\u003c").decode()
    blocks, _json = _blocks_of(block)
    statics = Statics({fingerprint: b[TREE_STATICS] for fingerprint, b in blocks.items()})
    return f'<script type="application/json" dj-tree>{data}</script>' + to_html(tree, statics)


def page_payload(block: Block, tree: dict[str, Any]) -> bytes:
    """The JSON the page embeds for ``tree``, the HTTP render of ``block``."""
    writer = _Writer()
    writer.block(block, _fragment_values(block, tree))
    _blocks_dict, blocks = _blocks_of(block)
    head = orjson.dumps({TREE_FINGERPRINT: block.fingerprint})[:-1]
    stream = orjson.dumps(writer.stream)
    exceptions = orjson.dumps(writer.exceptions)
    return b'%s,"%s":%s,"%s":%s,"%s":%s}' % (
        head,
        PAGE_BLOCKS.encode(),
        blocks,
        PAGE_STREAM.encode(),
        stream,
        PAGE_EXCEPTIONS.encode(),
        exceptions,
    )


def blocks_of(root: Block) -> dict[str, Any]:
    """Every block of the template by fingerprint: statics and the kind of each part."""
    found: dict[str, Any] = {}

    def visit(block: Block) -> None:
        if block.fingerprint in found:
            return
        kinds: list[Any] = []
        found[block.fingerprint] = {TREE_STATICS: block.statics, BLOCK_PARTS: kinds}
        readable = set(block.readable)
        for index, part in enumerate(block.parts):
            if isinstance(part, IfPart):
                kinds.append([branch.fingerprint for _c, branch in part.branches])
                for _c, branch in part.branches:
                    visit(branch)
            elif isinstance(part, ForPart):
                loop: dict[str, Any] = {LOOP_BODY: part.body.fingerprint}
                if part.empty is not None:
                    loop[LOOP_EMPTY] = part.empty.fingerprint
                    visit(part.empty)
                if part.body.key_index is not None:
                    loop[TREE_KEY] = part.body.key_index
                kinds.append(loop)
                visit(part.body)
            else:
                kinds.append(PART_READ if index in readable else PART_STREAM)

    visit(root)
    return found


def _fragment_values(block: Block, node: dict[str, Any]) -> list[Any]:
    return [node[str(i)] for i in range(len(block.parts))]


class _Writer:
    def __init__(self) -> None:
        self.stream: list[Any] = []
        self.exceptions: dict[str, str] = {}
        self.readable = 0  # readable values written so far: the numbers of ``exceptions``

    def block(self, block: Block, values: list[Any]) -> None:
        readable = block.readable
        stream = self.stream
        for index, part in enumerate(block.parts):
            value = values[index]
            if type(part) is ExprPart:
                if index not in readable:
                    stream.append(value)
                    continue
                if _NOT_PLAIN.search(value):
                    self.exceptions[str(self.readable)] = value
                self.readable += 1
            elif isinstance(part, IfPart):
                self._branch(part, value)
            elif isinstance(part, ForPart):
                self._loop(part, value)

    def _branch(self, part: IfPart, value: Any) -> None:
        if not isinstance(value, dict):
            self.stream.append(-1)  # no branch taken
            return
        fingerprint = value[TREE_FINGERPRINT]
        for index, (_c, branch) in enumerate(part.branches):
            if branch.fingerprint == fingerprint:
                self.stream.append(index)
                self.block(branch, _fragment_values(branch, value))
                return
        raise ValueError(f"{fingerprint} is not a branch of this {{% if %}}")

    def _loop(self, part: ForPart, value: dict[str, Any]) -> None:
        rows = value.get(TREE_ROWS)
        if rows is None:  # the {% empty %} block
            assert part.empty is not None
            self.stream.append(-1)
            self.block(part.empty, _fragment_values(part.empty, value))
            return
        self.stream.append(len(rows))
        body = part.body
        flat = _flat_rows(body)
        if flat is None:
            for row in rows:
                self.block(body, row)
            return
        # Rows with nothing nested (a table's): column by column, in C where it can be. Rows
        # are what a big page is made of.
        read = body.readable
        values = _columns(rows, read)
        # Their readable values checked all at once, joined: most pages have no exception at
        # all; when one may be there, each value is checked alone.
        if _may_hold_exceptions(_JOIN.join(values)):
            start = self.readable
            for n in compress(count(), map(_NOT_PLAIN.search, values)):
                self.exceptions[str(start + n)] = values[n]
        self.readable += len(values)
        if flat:
            columns: list[Iterable[Any]] = []
            for index, branches in flat:
                column: Iterable[Any] = map(itemgetter(index), rows)
                if branches is not None:
                    column = [
                        branches[v[TREE_FINGERPRINT]] if type(v) is dict else -1 for v in column
                    ]
                columns.append(column)
            self.stream.extend(
                columns[0] if len(columns) == 1 else chain.from_iterable(zip(*columns, strict=True))
            )


_JOIN = "\x01"  # between the values joined for one check: a character _NOT_PLAIN ignores
# The characters _NOT_PLAIN starts a match at, and the newline first in a value.
_SUSPECTS = ("<", ">", '"', "'", "\r", "\0", "&", _JOIN + "\n")


def _may_hold_exceptions(joined: str) -> bool:
    # A scan of the text per character (in C, as fast as memchr), not one regex step per
    # character: a page of 100,000 rows is checked in about a millisecond.
    return joined.startswith("\n") or any(suspect in joined for suspect in _SUSPECTS)


def _columns(rows: list[list[Any]], indexes: tuple[int, ...]) -> list[Any]:
    """The values at ``indexes`` of every row, row by row."""
    if not indexes:
        return []
    if len(indexes) == 1:
        return list(map(itemgetter(indexes[0]), rows))
    return list(chain.from_iterable(map(itemgetter(*indexes), rows)))


# A body whose rows nest nothing with values: for each part not read from the DOM, its index
# and, for an {% if %} of static branches, its branch by fingerprint (None: a value).
_Flat = list[tuple[int, dict[str, int] | None]]
_flat: weakref.WeakKeyDictionary[Block, _Flat | None] = weakref.WeakKeyDictionary()


def _flat_rows(body: Block) -> _Flat | None:
    if body in _flat:
        return _flat[body]
    flat: _Flat | None = []
    for index, part in enumerate(body.parts):
        if index in body.readable:
            continue
        if type(part) is ExprPart and flat is not None:
            flat.append((index, None))
        elif isinstance(part, IfPart) and flat is not None:
            if any(branch.parts for _c, branch in part.branches):
                flat = None
                break
            by_fingerprint: dict[str, int] = {}
            for number, (_c, branch) in enumerate(part.branches):
                by_fingerprint.setdefault(branch.fingerprint, number)
            flat.append((index, by_fingerprint))
        else:
            flat = None
            break
    _flat[body] = flat
    return flat
