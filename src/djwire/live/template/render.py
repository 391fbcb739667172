"""Render a compiled block into the wire tree, and diff it against the last render.

The rendering of each dynamic part is Django's own (``node.render_annotated``), so the merged
tree always spells the page Django would render; only the splitting is ours.
"""

from __future__ import annotations

from sys import intern
from typing import Any

from django.template import Context
from django.template.base import VariableDoesNotExist

from djwire.live.protocol import TREE_FINGERPRINT, TREE_STATICS
from djwire.live.template import loops
from djwire.live.template.compile import Block, ExprPart, ForPart, IfPart, Part
from djwire.live.template.state import NOCHANGE, BlockState, Changes, IfState

KEYS = [str(i) for i in range(256)]


def key(index: int) -> str:
    return KEYS[index] if index < 256 else str(index)


class Renderer:
    """Renders blocks for one client; remembers which statics that client holds."""

    def __init__(self, sent: set[str] | None = None) -> None:
        self.sent: set[str] = set() if sent is None else sent

    def statics_of(self, block: Block, wire: dict[str, Any]) -> None:
        wire[TREE_FINGERPRINT] = block.fingerprint
        if block.fingerprint not in self.sent:
            self.sent.add(block.fingerprint)
            wire[TREE_STATICS] = block.statics

    def render_block(self, block: Block, context: Context) -> tuple[BlockState, dict[str, Any]]:
        wire: dict[str, Any] = {}
        self.statics_of(block, wire)
        values = []
        for index, part in enumerate(block.parts):
            value, part_wire = self.render_part(part, context)
            values.append(value)
            wire[key(index)] = part_wire
        return BlockState(block, values), wire

    def render_values(self, block: Block, context: Context) -> tuple[list[Any], list[Any]]:
        # A row of a loop: this runs once per row of a big page.
        values: list[Any] = []
        wires: list[Any] = []
        for part in block.parts:
            if type(part) is ExprPart:  # most of a row: its text is its state and its wire
                # plain(), inline (a call less per value).
                text = part.node.render_annotated(context)
                try:
                    text = _exact(text)  # Django hands back SafeString: the same text as str
                except TypeError:
                    text = str(text)  # a tag that answered something else than a str
                if len(text) <= _INTERNED:
                    text = intern(text)
                values.append(text)
                wires.append(text)
                continue
            value, part_wire = self.render_part(part, context)
            values.append(value)
            wires.append(part_wire)
        return values, wires

    def render_part(self, part: Part, context: Context) -> tuple[Any, Any]:
        if isinstance(part, ExprPart):
            text = plain(part.node.render_annotated(context))
            return text, text
        if isinstance(part, IfPart):
            index = choose_branch(part, context)
            if index is None:
                return None, ""
            return self.render_branch(part, index, context)
        if isinstance(part, ForPart):
            return loops.render_loop(self, part, context)
        raise TypeError(f"unknown part {part!r}")

    def render_branch(self, part: IfPart, index: int, context: Context) -> tuple[IfState, Any]:
        block = part.branches[index][1]
        if block.parts:
            inner, wire = self.render_block(block, context)
            return IfState(index, inner), wire
        # A branch with nothing dynamic in it (``yes``/``no`` in a row): one state, never
        # changed, shared by every row that takes it, instead of three objects per row.
        shared = part.static_states.get(index)
        if shared is None:
            shared = part.static_states[index] = IfState(index, BlockState(block, []))
            part.static_wires[index] = {TREE_FINGERPRINT: block.fingerprint}
        if block.fingerprint in self.sent:
            # Its wire once the client holds its statics: one dict for every row (never
            # changed: a diff replaces a branch, it does not patch into one).
            return shared, part.static_wires[index]
        statics: dict[str, Any] = {}
        self.statics_of(block, statics)
        return shared, statics

    def diff_block(self, state: BlockState, context: Context, changes: Changes) -> dict[str, Any]:
        return self.diff_values(state.block, state.values, context, changes)

    def diff_values(
        self, block: Block, values: list[Any], context: Context, changes: Changes
    ) -> dict[str, Any]:
        diff: dict[str, Any] = {}
        names, known = changes.names, changes.known
        for index, part in enumerate(block.parts):
            if not part.affected(names, known):
                continue
            value, part_diff = self.diff_part(part, values[index], context, changes)
            values[index] = value
            if part_diff is not NOCHANGE:
                diff[key(index)] = part_diff
        return diff

    def diff_part(
        self, part: Part, old: Any, context: Context, changes: Changes
    ) -> tuple[Any, Any]:
        if isinstance(part, ExprPart):
            text = plain(part.node.render_annotated(context))
            return text, NOCHANGE if text == old else text
        if isinstance(part, IfPart):
            index = choose_branch(part, context)
            if index is None:
                return None, NOCHANGE if old is None else ""
            if old is not None and old.index == index:
                diff = self.diff_block(old.inner, context, changes)
                return old, diff if diff else NOCHANGE
            return self.render_branch(part, index, context)
        if isinstance(part, ForPart):
            return loops.diff_loop(self, part, old, context, changes)
        raise TypeError(f"unknown part {part!r}")


def plain(rendered: Any) -> str:
    """What a part rendered, as an exact ``str``: Django hands back SafeString, an instance
    the garbage collector tracks (four of them per table row); the text is the same. Short
    texts are interned: the cells of a table repeat (a category, a price, "yes"), and views of
    the same rows then hold one copy of each between them."""
    text = rendered if type(rendered) is str else str.__str__(str(rendered))
    return intern(text) if len(text) <= _INTERNED else text


_INTERNED = 40  # characters
_exact = str.__str__  # of a str subclass, the exact str of the same text


def choose_branch(part: IfPart, context: Context) -> int | None:
    # The same evaluation as Django's IfNode.render.
    for index, (condition, _block) in enumerate(part.branches):
        if condition is None:
            return index
        try:
            match = condition.eval(context)
        except VariableDoesNotExist:
            match = None
        if match:
            return index
    return None
