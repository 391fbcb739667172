"""What the server remembers of the last render of a view, to diff the next one against it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.template import Context

from djwire.live.template.compile import Block
from djwire.live.tracking import ChangeTracker

# What a part's diff is when it rendered the same as before.
NOCHANGE: Any = type("NoChange", (), {"__repr__": lambda self: "NOCHANGE"})()


@dataclass
class Changes:
    """What may have changed since the last render.

    ``names`` are the context names whose value changed (None: all of them); ``known`` the
    names the context provides; ``dirty`` the ids of tracked containers changed at any depth,
    ``mutated`` of those changed themselves (an insert, not just a row below); ``children``
    (the tracker's) the dirty items of each dirty container, with their position when known
    (None: not known, a loop then looks for its dirty items among all of its rows);
    ``as_rendered`` the rows of lists replaced after being handed out whole, as the page shows
    them (the tracker's; their changes in place are not compared: tracking.py).
    """

    names: set[str] | None
    known: frozenset[str]
    dirty: set[int] = field(default_factory=set)
    mutated: set[int] = field(default_factory=set)
    structure: dict[int, list[tuple[Any, ...]] | None] = field(default_factory=dict)
    children: dict[int, dict[int, tuple[Any, int | None]]] | None = None
    as_rendered: dict[int, list[Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, tracker: ChangeTracker, names: set[str] | None, known: frozenset[str]) -> Changes:
        """The changes ``tracker`` saw since the last render."""
        return cls(
            names,
            known,
            tracker.dirty,
            set(tracker.snapshots),
            tracker.structure,
            tracker.children,
            tracker.as_rendered,
        )

    def for_row(self, own: frozenset[str], outer_changed: bool) -> Changes:
        """The changes seen by a row re-rendered: its own loop names, plus the outer ones."""
        names: set[str] | None = set(own)
        if outer_changed:
            names = None if self.names is None else self.names | own
        return Changes(
            names,
            self.known | own,
            self.dirty,
            self.mutated,
            self.structure,
            self.children,
            self.as_rendered,
        )


@dataclass(slots=True)
class BlockState:
    block: Block
    values: list[Any]


@dataclass(slots=True)
class IfState:
    index: int
    inner: BlockState


Stamp = tuple[int | None, int | None]  # what of forloop's position a row was rendered with
NO_STAMP: Stamp = (None, None)  # the stamp of every row of a loop that reads no forloop value


@dataclass(slots=True)
class LoopState:
    """A loop as last rendered. Its rows are not one object each: ``items`` holds the item
    each row was rendered from, ``values`` the rows' values one row after another (``width``
    per row), ``stamps`` each row's stamp when the body reads ``forloop``'s position (else
    None). For a table that is two lists of pointers for the whole loop, and nothing per row
    for the garbage collector to scan (the values are strings, or states shared by rows).

    A row's identity (``rid``) is its dj-key (``mode`` "key": the value at ``key_index``), the
    id of its tracked item ("identity") or its position ("position")."""

    seq: Any
    items: list[Any]
    values: list[Any]
    width: int
    stamps: list[Stamp] | None = None
    empty: BlockState | None = None
    mode: str = "position"
    key_index: int | None = None
    _rids: set[Any] | None = None

    def row_values(self, pos: int) -> list[Any]:
        width = self.width
        return self.values[pos * width : (pos + 1) * width]

    def stamp(self, pos: int) -> Stamp:
        return NO_STAMP if self.stamps is None else self.stamps[pos]

    def put_row(self, pos: int, item: Any, values: list[Any], stamp: Stamp) -> None:
        """Row ``pos`` is now ``values`` (rendered from ``item`` with ``stamp``)."""
        width = self.width
        self.values[pos * width : (pos + 1) * width] = values
        self.items[pos] = item
        if self.stamps is not None:
            self.stamps[pos] = stamp

    def insert_row(self, pos: int, item: Any, values: list[Any], stamp: Stamp) -> None:
        width = self.width
        self.values[pos * width : pos * width] = values
        self.items.insert(pos, item)
        if self.stamps is not None:
            self.stamps.insert(pos, stamp)

    def delete_row(self, pos: int) -> tuple[Any, list[Any], Stamp]:
        """Take row ``pos`` out: its item, values and stamp (to put it back with insert_row)."""
        width = self.width
        values = self.values[pos * width : (pos + 1) * width]
        del self.values[pos * width : (pos + 1) * width]
        stamp = self.stamps.pop(pos) if self.stamps is not None else NO_STAMP
        return self.items.pop(pos), values, stamp

    def rid_of(self, pos: int) -> Any:
        if self.mode == "key":
            assert self.key_index is not None
            return self.values[pos * self.width + self.key_index]
        if self.mode == "identity":
            return id(self.items[pos])
        return pos

    def rids(self) -> list[Any]:
        """Every row's identity, in order (slices and maps in C)."""
        if self.mode == "key":
            assert self.key_index is not None
            return self.values[self.key_index :: self.width]
        if self.mode == "identity":
            return list(map(id, self.items))
        return list(range(len(self.items)))

    def rid_set(self) -> set[Any]:
        if self._rids is None:
            self._rids = set(self.rids())
        return self._rids


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
