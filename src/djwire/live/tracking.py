"""Change tracking for view state: know what changed from assignment and in-place mutation.

Public state is held in tracked containers (containers.py) that report every mutation to the
view's :class:`ChangeTracker`. The tracker keeps, for one event:

- ``changed``: the names of state attributes whose value changed (assigned or mutated inside);
- ``dirty``: the ids of containers changed, themselves or anywhere below them, so a loop
  re-renders only the rows whose item is dirty;
- ``children``: for each container dirty, its items that are (with their position when it is
  known), so that a loop or a save finds its changed rows without a scan of the list;
- a shallow snapshot of each container at its first mutation, so an event whose handler raises
  is rolled back exactly, at a cost that follows the mutations, not the size of the state;
- ``structure``: for each list changed itself, the inserts, deletes and replacements made to it
  in order (``None`` when a sort or a slice made that log useless), so a loop over a long list
  can replay them instead of comparing every row.

**Plain rows.** A list's rows that are dicts of plain values (the common table row) are kept as
plain dicts, which the garbage collector does not track and which carry nothing per row. A
plain dict cannot report its own changes, so a tracked list reports the rows it *hands out*
(by index, iteration, ``pop``, a copy): the tracker takes a shallow copy of each, and at the
end of the event (the first time its changes are read) a row that differs from its copy is a
change like any other. A row is watched from the moment the list hands it out until the render.
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import compress, count, repeat
from typing import Any, Protocol

_MISSING: Any = object()

# A row handed out: (list, row, its copy, its position or None); or a list handed out whole:
# (list, its rows, their copies, the position of each or None when rows[i] was at i).
_Exposure = tuple[Any, Any, Any, Any]


class TrackedContainer(Protocol):
    """What the tracker needs of a tracked container (containers.py implements it)."""

    @property
    def _dj_parent(self) -> TrackedContainer | None: ...
    @property
    def _dj_names(self) -> set[str] | None: ...

    def _dj_copy(self) -> Any: ...
    def _dj_restore(self, snapshot: Any) -> None: ...


class ChangeTracker:
    """What changed in one view's state since the last render."""

    def __init__(self) -> None:
        self._changed: set[str] = set()
        self._dirty: set[int] = set()
        self._snapshots: dict[int, tuple[Any, Any]] = {}
        self._structure: dict[int, list[tuple[Any, ...]] | None] = {}
        self._children: dict[int, dict[int, tuple[Any, int | None]]] = {}
        self._assigned: dict[str, Any] = {}
        self._exposed: list[_Exposure] = []
        self._rows_out: set[int] = set()  # ids of the rows handed out one by one
        self._lists_out: set[int] = set()  # ids of the lists handed out whole
        self._listed_ids: set[int] | None = None  # ids of the rows of those, when asked
        self._adopted: list[tuple[list[Any], list[Any]]] = []
        self._current: dict[str, Any] = {}  # what the names assigned in this event hold now
        self._handed_singly: set[int] = set()  # ids of the lists that handed out single rows
        self._kept_ours = False  # a row handed out was put back into the state
        self._as_rendered: dict[int, list[Any]] = {}
        self._reading = False  # djwire reads the state (a save): nothing is handed out
        self._settled = True

    # -- what changed (read after the handler: the rows handed out are compared first) --

    @property
    def changed(self) -> set[str]:
        self.settle()
        return self._changed

    @property
    def dirty(self) -> set[int]:
        self.settle()
        return self._dirty

    @property
    def snapshots(self) -> dict[int, tuple[Any, Any]]:
        self.settle()
        return self._snapshots

    @property
    def structure(self) -> dict[int, list[tuple[Any, ...]] | None]:
        self.settle()
        return self._structure

    @property
    def children(self) -> dict[int, dict[int, tuple[Any, int | None]]]:
        """For each dirty container (by id), its dirty items by id: (item, position or None)."""
        self.settle()
        return self._children

    # -- what the containers report --------------------------------------------------

    def log(self, container: object, op: tuple[Any, ...] | None) -> None:
        """Record a structural change of a list: ("i", pos, item), ("d", pos), ("s", pos, item),
        or None for one that cannot be replayed."""
        cid = id(container)
        ops = self._structure.get(cid, _MISSING)
        if op is None:
            self._structure[cid] = None
        elif ops is _MISSING:
            self._structure[cid] = [op]
        elif ops is not None:
            ops.append(op)

    def touch(self, container: TrackedContainer) -> None:
        cid = id(container)
        if cid not in self._snapshots:
            self._snapshots[cid] = (container, container._dj_copy())
        self._mark(container, None, None)
        if self._exposed:
            self._settled = False  # user code runs: rows handed out may change too

    def _mark(self, node: TrackedContainer | None, child: Any, position: int | None) -> None:
        """``node`` and every container above it are dirty; ``child`` is the dirty item of
        ``node`` that the change came through (None when ``node`` itself changed)."""
        while node is not None:
            if node._dj_names:
                self._changed.update(node._dj_names)
            nid = id(node)
            if child is not None:
                self._children.setdefault(nid, {})[id(child)] = (child, position)
            if nid in self._dirty and child is not None:
                break  # everything above was marked by an earlier change
            self._dirty.add(nid)
            child, position, node = node, None, node._dj_parent

    def assigned(self, name: str, old: Any, new: Any = _MISSING) -> None:
        """``name`` was assigned ``new`` (``_MISSING``: deleted); it held ``old``."""
        if name not in self._assigned:
            self._assigned[name] = old
        self._current[name] = new
        self._changed.add(name)
        if self._exposed:
            self._settled = False

    # -- plain rows handed out -----------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[None]:
        """djwire's own reading of the state (encoding it for a save): the rows it reads are
        not handed out to user code, so they are not copied to be compared."""
        was, self._reading = self._reading, True
        try:
            yield
        finally:
            self._reading = was

    def hand_out(self, container: Any, row: dict[Any, Any], position: int | None) -> None:
        """``container`` gave ``row`` (a plain row, at ``position`` or None) to user code."""
        if self._reading:
            return
        self._settled = False  # handed out again, it may change again: compare again
        self._handed_singly.add(id(container))
        rid = id(row)
        if rid in self._rows_out:
            return
        self._rows_out.add(rid)
        self._exposed.append((container, row, dict.copy(row), position))

    def hand_out_all(self, container: Any, rows: list[Any] | None, all_rows: bool) -> None:
        """``container`` gave its items to user code: all of them (``rows`` None), or
        ``rows`` (a slice of it). Only its plain rows are watched (``all_rows``: every item
        is one)."""
        if self._reading:
            return
        self._settled = False
        positions: Any = _UNKNOWN
        if rows is None:
            cid = id(container)
            if cid in self._lists_out:
                return  # what entered it since is either a row of ours or rendered anew
            self._lists_out.add(cid)
            rows = list.copy(container)
            positions = None
        if not all_rows and not all(map(operator.is_, map(type, rows), _DICTS)):
            mask = list(map(operator.is_, map(type, rows), _DICTS))
            rows = list(compress(rows, mask))
            if positions is None:
                positions = list(compress(count(), mask))
        if not rows:
            return
        self._exposed.append((container, rows, list(map(dict.copy, rows)), positions))
        if self._listed_ids is not None:
            self._listed_ids.update(map(id, rows))

    def handed_out(self, row: dict[Any, Any]) -> bool:
        """True when ``row`` is a plain row of this state handed out in this event (it then
        keeps its identity where it is put back, as a tracked container would)."""
        rid = id(row)
        if rid not in self._rows_out:
            if not self._lists_out:
                return False
            if self._listed_ids is None:
                self._listed_ids = {
                    id(r) for e in self._exposed if type(e[1]) is list for r in e[1]
                }
            if rid not in self._listed_ids:
                return False
        self._kept_ours = True
        return True

    def handing_out(self) -> bool:
        """True when rows were handed out in this event."""
        return bool(self._exposed)

    def adopted(self, given: list[Any], rows: list[Any]) -> None:
        """``rows`` (a tracked list) took the plain rows of ``given`` as they are, not copies:
        only ``given`` held them. After the handler, when ``given`` is still held elsewhere
        (a list the view keeps aside, a module's constant) its rows are copied, and so is any
        row held elsewhere: the state is then its own, as if copied when assigned."""
        self._adopted.append((given, rows))
        self._settled = False

    def _own_adopted(self) -> None:
        adopted, self._adopted = self._adopted, []
        if not adopted:
            return
        held = list(map(_HELD_BY_ONE.__ne__, map(sys.getrefcount, map(_FIRST, adopted))))
        lists = [rows for (_given, rows) in adopted]
        del adopted  # the lists given are let go of: only their holders' references remain
        for rows, given_is_held in zip(lists, held, strict=True):
            if given_is_held:
                list.__setitem__(rows, slice(None), list(map(dict.copy, list.copy(rows))))
            elif not alone(list.__iter__(rows)):
                held_rows = map(_ALONE.__ne__, map(sys.getrefcount, list.__iter__(rows)))
                for i in compress(count(), held_rows):
                    row = list.__getitem__(rows, i)
                    if not self.handed_out(row):
                        list.__setitem__(rows, i, dict.copy(row))

    def settle(self) -> None:
        """Compare the rows handed out with their copies: the ones that differ changed.

        Called when the changes are first read after user code ran (anything handed out,
        mutated or assigned since marks that), which is after the handler: a row kept from
        an earlier event and changed later, with nothing else done, is not seen."""
        if self._settled:
            return
        self._settled = True
        self._own_adopted()
        self._compare(defer=True)

    def _compare(self, defer: bool) -> None:
        changed: list[tuple[Any, dict[Any, Any], Any, int | None]] = []
        self._as_rendered = {}
        for container, rows, copies, positions in self._exposed:
            if type(rows) is dict:
                if rows != copies:
                    changed.append((container, rows, copies, positions))
                continue
            if defer and positions is None and self._replaced(container):
                # A list handed out whole and then replaced (a handler that re-reads its rows):
                # its rows matter only as the page shows them, which their copies are; they are
                # compared if the event is rolled back.
                self._as_rendered[id(container)] = copies
                continue
            for i in compress(count(), map(operator.ne, rows, copies)):
                at = i if positions is None else None if positions is _UNKNOWN else positions[i]
                changed.append((container, rows[i], copies[i], at))
        for container, row, copy, position in changed:
            rid = id(row)
            if rid not in self._snapshots:
                self._snapshots[rid] = (row, copy)  # the earliest copy: what the page shows
            self._dirty.add(rid)
            self._mark(container, row, position)
            container._dj_row_changed(row, position)
        self._settled = True  # what _dj_row_changed did is marked already

    def _replaced(self, container: Any) -> bool:
        """True when ``container`` is a value of the state no longer: every name that held it
        was assigned something else, no row of the state was handed out from it and put back,
        and nothing was handed out from it one row at a time or inserted or deleted (so that
        the copies of its rows, taken when it was handed out whole, are the rows as last
        rendered)."""
        names = container._dj_names
        if not names or container._dj_parent is not None or self._kept_ours:
            return False
        cid = id(container)
        if cid in self._handed_singly or cid in self._structure:
            return False
        current = self._current
        return all(current.get(name, container) is not container for name in names)

    @property
    def as_rendered(self) -> dict[int, list[Any]]:
        """For each list (by id) handed out whole and then replaced in this event, the copies
        of its rows: what the page shows, row by row."""
        self.settle()
        return self._as_rendered

    def reset(self) -> None:
        """Forget the changes: they have been rendered."""
        self._own_adopted()
        self._changed = set()
        self._dirty = set()
        self._snapshots = {}
        self._structure = {}
        self._children = {}
        self._assigned = {}
        self._exposed = []
        self._rows_out = set()
        self._lists_out = set()
        self._listed_ids = None
        self._current = {}
        self._handed_singly = set()
        self._kept_ours = False
        self._as_rendered = {}
        self._settled = True

    def rollback(self, owner: object) -> None:
        """Put the state of ``owner`` back as it was before the changes, then forget them."""
        self._own_adopted()
        self._compare(defer=False)
        for container, snapshot in self._snapshots.values():
            if type(container) is dict:  # a plain row
                dict.clear(container)
                dict.update(container, snapshot)
            else:
                container._dj_restore(snapshot)
        for name, old in self._assigned.items():
            if old is _MISSING:
                owner.__dict__.pop(name, None)
            else:
                owner.__dict__[name] = old
        self.reset()


_DICTS = repeat(dict)
_UNKNOWN: Any = object()  # rows handed out by a slice: their positions are not kept
_FIRST = operator.itemgetter(0)

# What sys.getrefcount says, through map(), of an item that only its list holds, and of a list
# that only the tuple it is in holds (measured here, not assumed: it depends on CPython).
_ALONE = next(map(sys.getrefcount, [{}]))
_HELD_BY_ONE = next(map(sys.getrefcount, map(_FIRST, [([],)])))


def alone(items: Iterable[Any]) -> bool:
    """True when the list ``items`` (or a list's iterator) is the only holder of each of its
    items (checked in C)."""
    return all(map(_ALONE.__eq__, map(sys.getrefcount, items)))
