"""What the server remembers of the last render of a view, to diff the next one against it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.template import Context

from djwire.live.template.compile import Block

# What a part's diff is when it rendered the same as before.
NOCHANGE: Any = type("NoChange", (), {"__repr__": lambda self: "NOCHANGE"})()


@dataclass
class Changes:
    """What may have changed since the last render.

    ``names`` are the context names whose value changed (None: all of them); ``known`` the
    names the context provides; ``dirty`` the ids of tracked containers changed at any depth,
    ``mutated`` of those changed themselves (an insert, not just a row below).
    """

    names: set[str] | None
    known: frozenset[str]
    dirty: set[int] = field(default_factory=set)
    mutated: set[int] = field(default_factory=set)
    structure: dict[int, list[tuple[Any, ...]] | None] = field(default_factory=dict)

    def for_row(self, own: frozenset[str], outer_changed: bool) -> Changes:
        """The changes seen by a row re-rendered: its own loop names, plus the outer ones."""
        names: set[str] | None = set(own)
        if outer_changed:
            names = None if self.names is None else self.names | own
        return Changes(names, self.known | own, self.dirty, self.mutated, self.structure)


@dataclass(slots=True)
class BlockState:
    block: Block
    values: list[Any]


@dataclass(slots=True)
class IfState:
    index: int
    inner: BlockState


class RowState(list[Any]):
    """One row of a loop as last rendered: its values are the list's items (one object per
    row, not a state and its list of values: fewer objects for the collector to scan), with
    the item it was rendered from, its identity (its dj-key, the id of its tracked item, or its
    position) and its stamp (rows.stamp_of)."""

    __slots__ = ("item", "rid", "stamp")

    # Rows compare by identity, so that finding one in a long list (list.index) is a pointer
    # scan in C, not a comparison of every row's values. All six comparisons are object's:
    # then the type's compare slot is object's C function (with only __eq__ it would be a
    # lookup in Python per row, 12x slower over 100,000 rows).
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __lt__ = vars(object)["__lt__"]
    __le__ = vars(object)["__le__"]
    __gt__ = vars(object)["__gt__"]
    __ge__ = vars(object)["__ge__"]
    __hash__ = object.__hash__  # type: ignore[assignment]

    def __init__(
        self, item: Any, rid: Any, values: list[Any], stamp: tuple[int | None, int | None]
    ) -> None:
        list.__init__(self, values)
        self.item = item
        self.rid = rid
        self.stamp = stamp


# Up to this many rows, a row's position is found by a scan of the list; past it, one index of
# every position is built (a change to many rows pays for the list once, not once per row).
_FEW_ROWS = 16


@dataclass(slots=True)
class LoopState:
    seq: Any
    rows: list[RowState]
    empty: BlockState | None = None
    mode: str = "position"  # "key", "identity" or "position"
    _row_by_item: dict[int, RowState] | None = None
    _rids: set[Any] | None = None

    def rid_set(self) -> set[Any]:
        if self._rids is None:
            self._rids = {row.rid for row in self.rows}
        return self._rids

    def row_by_item(self) -> dict[int, RowState]:
        """The row of each item, by the item's id. Kept up to date by inserts and deletes, so a
        change to a long list does not rebuild it."""
        if self._row_by_item is None:
            self._row_by_item = {id(row.item): row for row in self.rows}
        return self._row_by_item

    def positions_of(self, rows: list[RowState]) -> list[int]:
        """The positions of ``rows`` (rows of this loop), in order."""
        if len(rows) <= _FEW_ROWS:
            return sorted(self.rows.index(row) for row in rows)
        index = {id(row): pos for pos, row in enumerate(self.rows)}
        return sorted(index[id(row)] for row in rows)


class BlockRenderer(Protocol):
    """What a loop needs of the renderer (render.py) to render and diff its rows' blocks."""

    def statics_of(self, block: Block, wire: dict[str, Any]) -> None: ...
    def render_block(self, block: Block, context: Context) -> tuple[BlockState, dict[str, Any]]: ...
    def render_values(self, block: Block, context: Context) -> tuple[list[Any], list[Any]]: ...
    def diff_block(
        self, state: BlockState, context: Context, changes: Changes
    ) -> dict[str, Any]: ...
    def diff_values(
        self, block: Block, values: list[Any], context: Context, changes: Changes
    ) -> dict[str, Any]: ...
