"""The rendered tree read back from the HTTP page, as the client does (client/src/live/page.js).

The browser reads values from its DOM; here the page's HTML text is read instead, which is
exact, so djwire.testing shows the page as the browser holds it, and the tests can check that
the tree read back is the server's (tests/live/template/test_readback.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

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

# A readable value is plain escaped text: it ends where the first of these does.
_END_OF_VALUE = re.compile(r"[<\"']")


class PageMismatch(ValueError):
    """The HTML does not spell what the page's tree says it does."""


def read_tree(page: dict[str, Any], html: str, start: int = 0) -> dict[str, Any]:
    """The tree of ``page`` (the embedded JSON) whose HTML begins at ``html[start:]``."""
    return _Reader(page, html, start).fragment(page[TREE_FINGERPRINT])


class _Reader:
    def __init__(self, page: dict[str, Any], html: str, start: int) -> None:
        self.blocks: dict[str, Any] = page[PAGE_BLOCKS]
        self.stream: Iterator[Any] = iter(page[PAGE_STREAM])
        self.exceptions: dict[str, str] = page[PAGE_EXCEPTIONS]
        self.html = html
        self.pos = start
        self.readable = 0
        self.seen: set[str] = set()

    def statics(self, node: dict[str, Any], fingerprint: str) -> list[str]:
        node[TREE_FINGERPRINT] = fingerprint
        statics: list[str] = self.blocks[fingerprint][TREE_STATICS]
        if fingerprint not in self.seen:  # as the server sends them: the first time only
            self.seen.add(fingerprint)
            node[TREE_STATICS] = statics
        return statics

    def fragment(self, fingerprint: str) -> dict[str, Any]:
        node: dict[str, Any] = {}
        self.statics(node, fingerprint)
        for index, value in enumerate(self.values(fingerprint)):
            node[str(index)] = value
        return node

    def values(self, fingerprint: str) -> list[Any]:
        block = self.blocks[fingerprint]
        statics: list[str] = block[TREE_STATICS]
        self.expect(statics[0])
        values: list[Any] = []
        for index, kind in enumerate(block[BLOCK_PARTS]):
            after = statics[index + 1]
            if kind == PART_READ:
                values.append(self.read_value(after))
            elif kind == PART_STREAM:
                value = next(self.stream)
                self.expect(value)
                values.append(value)
            elif isinstance(kind, list):
                branch = next(self.stream)
                values.append("" if branch == -1 else self.fragment(kind[branch]))
            else:
                values.append(self.loop(kind))
            self.expect(after)
        return values

    def loop(self, kind: dict[str, Any]) -> dict[str, Any]:
        count = next(self.stream)
        if count == -1:
            return self.fragment(kind[LOOP_EMPTY])
        node: dict[str, Any] = {}
        body = kind[LOOP_BODY]
        self.statics(node, body)
        if TREE_KEY in kind:
            node[TREE_KEY] = kind[TREE_KEY]
        node[TREE_ROWS] = [self.values(body) for _ in range(count)]
        return node

    def read_value(self, after: str) -> str:
        number = str(self.readable)
        self.readable += 1
        if number in self.exceptions:
            value = self.exceptions[number]
            self.expect(value)
            return value
        found = _END_OF_VALUE.search(self.html, self.pos)
        delimiter = _END_OF_VALUE.search(after)
        if found is None or delimiter is None:
            raise PageMismatch(f"no end to the value at {self.pos}")
        end = found.start() - delimiter.start()  # the static text before the delimiter
        if end < self.pos:
            raise PageMismatch(f"the value at {self.pos} is shorter than its static after it")
        value = self.html[self.pos : end]
        self.pos = end
        return value

    def expect(self, text: str) -> None:
        if not self.html.startswith(text, self.pos):
            got = self.html[self.pos : self.pos + 40]
            raise PageMismatch(f"expected {text[:40]!r} at {self.pos}, the page has {got!r}")
        self.pos += len(text)
