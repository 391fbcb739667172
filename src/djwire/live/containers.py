"""Tracked containers: lists, dicts and sets that report every mutation to their view.

Public state is held in these (subclasses of list, dict and set, so templates, orjson and user
code see ordinary containers). Each mutation tells the view's ChangeTracker (tracking.py) what
changed; objects they cannot see into (model instances, custom classes) make a container
*opaque*: such state counts as changed after every event.

A list's rows that are dicts of plain values are kept as plain dicts (copied as they enter,
as a tracked container would be): nothing per row for the garbage collector to scan. The list
tells the tracker which of them it hands out to user code, and the tracker finds the ones that
changed (tracking.py, "plain rows").
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from itertools import chain, repeat
from typing import Any, SupportsIndex

from djwire.codec.types import IMMUTABLE_TYPES, is_immutable
from djwire.live.tracking import ChangeTracker


class Tracked:
    """Mixin of the tracked containers; ``_dj_names`` is set on state roots."""

    __slots__ = ()  # the concrete classes declare the slots (a layout conflict otherwise)
    _dj_tracker: ChangeTracker
    _dj_parent: Tracked | None
    _dj_names: set[str] | None
    _dj_opaque: bool

    def _dj_init(self: Any, tracker: ChangeTracker, parent: Tracked | None) -> None:
        self._dj_tracker = tracker
        self._dj_parent = parent
        self._dj_names = None
        self._dj_opaque = False

    def _dj_touch(self) -> None:
        self._dj_tracker.touch(self)

    def _dj_wrap(self, value: Any) -> Any:
        wrapped = track(value, self._dj_tracker, self)
        if not self._dj_opaque and holds_opaque(wrapped):
            self._dj_mark_opaque()
        return wrapped

    def _dj_mark_opaque(self) -> None:
        node: Any = self
        while node is not None and not node._dj_opaque:
            node._dj_opaque = True
            node = node._dj_parent

    def _dj_copy(self) -> Any:
        raise NotImplementedError

    def _dj_restore(self, snapshot: Any) -> None:
        raise NotImplementedError


def holds_opaque(value: Any) -> bool:
    """True when ``value`` may change in ways the tracker cannot see (a model instance, say)."""
    if isinstance(value, Tracked):
        return value._dj_opaque
    return not is_immutable(value)


def unseen_state(view: Any) -> set[str]:
    """The names of ``view``'s public state that may change unseen: treat them as changed."""
    return {name for name in view.state_names() if holds_opaque(view.__dict__[name])}


NO_ROWS, SOME_ROWS, ALL_ROWS = 0, 1, 2


class TrackedList(Tracked, list[Any]):
    """A list that reports mutations to its view, and the plain rows it hands out."""

    # _dj_rows: whether it holds plain rows (dicts of plain values, kept as they are):
    # NO_ROWS, SOME_ROWS (it may), ALL_ROWS (every item is one, so checks of each are skipped)
    __slots__ = ("_dj_names", "_dj_opaque", "_dj_parent", "_dj_rows", "_dj_tracker")
    _dj_rows: int

    def _dj_copy(self) -> list[Any]:
        return list.copy(self)

    def _dj_restore(self, snapshot: list[Any]) -> None:
        list.__setitem__(self, slice(None), snapshot)

    def __reduce__(self) -> Any:
        return (list, (list.copy(self),))

    def _dj_enter(self, value: Any) -> Any:
        """``value`` as this list holds it: a plain row copied (or kept, when it is a row of
        this state handed out in this event: it keeps its identity, as a tracked dict does)."""
        if type(value) is dict and _all_leaves(value.values()):
            if self._dj_rows == NO_ROWS:
                self._dj_rows = SOME_ROWS if list.__len__(self) else ALL_ROWS
            return value if self._dj_tracker.handed_out(value) else dict.copy(value)
        if self._dj_rows == ALL_ROWS:
            self._dj_rows = SOME_ROWS
        return self._dj_wrap(value)

    def _dj_row_changed(self, row: dict[Any, Any], position: int | None) -> None:
        """A plain row handed out was changed: one that now holds a container or an object
        is put back as a tracked container, so that what it holds is watched too."""
        if _all_leaves(row.values()):
            return
        found = position_of(self, row, position)
        if found is not None:
            self[found] = row

    # -- what hands rows out to user code: they are watched until the render -------------

    def __getitem__(self, index: Any) -> Any:
        value = list.__getitem__(self, index)
        if self._dj_rows:
            if type(value) is dict:
                self._dj_tracker.hand_out(self, value, self._dj_position(index))
            elif type(index) is slice and value:
                self._dj_tracker.hand_out_all(self, value, self._dj_rows == ALL_ROWS)
        return value

    def __iter__(self) -> Iterator[Any]:
        if self._dj_rows:
            self._dj_tracker.hand_out_all(self, None, self._dj_rows == ALL_ROWS)
        return list.__iter__(self)

    def __reversed__(self) -> Iterator[Any]:
        if self._dj_rows:
            self._dj_tracker.hand_out_all(self, None, self._dj_rows == ALL_ROWS)
        return list.__reversed__(self)

    def copy(self) -> list[Any]:
        if self._dj_rows:
            self._dj_tracker.hand_out_all(self, None, self._dj_rows == ALL_ROWS)
        return list.copy(self)

    __copy__ = copy

    def __add__(self, other: Any) -> Any:
        if self._dj_rows:
            self._dj_tracker.hand_out_all(self, None, self._dj_rows == ALL_ROWS)
        return list.__add__(self, other)

    def __mul__(self, count: SupportsIndex) -> Any:
        if self._dj_rows:
            self._dj_tracker.hand_out_all(self, None, self._dj_rows == ALL_ROWS)
        return list.__mul__(self, count)

    __rmul__ = __mul__

    def _dj_log(self, op: tuple[Any, ...] | None) -> None:
        self._dj_tracker.log(self, op)

    def _dj_position(self, index: SupportsIndex) -> int:
        position = operator.index(index)
        return position + len(self) if position < 0 else position

    def __setitem__(self, index: Any, value: Any) -> None:
        self._dj_touch()
        if isinstance(index, slice):
            list.__setitem__(self, index, [self._dj_enter(v) for v in value])
            self._dj_log(None)
            return
        wrapped = self._dj_enter(value)
        list.__setitem__(self, index, wrapped)
        self._dj_log(("s", self._dj_position(index), wrapped))

    def __delitem__(self, index: Any) -> None:
        self._dj_touch()
        if isinstance(index, slice):
            list.__delitem__(self, index)
            self._dj_log(None)
            return
        position = self._dj_position(index)
        list.__delitem__(self, index)
        self._dj_log(("d", position))

    def __iadd__(self, values: Iterable[Any]) -> TrackedList:  # type: ignore[misc]
        self.extend(values)
        return self

    def __imul__(self, count: SupportsIndex) -> TrackedList:
        self._dj_touch()
        list.__imul__(self, count)
        self._dj_log(None)
        return self

    def append(self, value: Any) -> None:
        self._dj_touch()
        wrapped = self._dj_enter(value)
        list.append(self, wrapped)
        self._dj_log(("i", len(self) - 1, wrapped))

    def extend(self, values: Iterable[Any]) -> None:
        self._dj_touch()
        for value in list(values):
            wrapped = self._dj_enter(value)
            list.append(self, wrapped)
            self._dj_log(("i", len(self) - 1, wrapped))

    def insert(self, index: SupportsIndex, value: Any) -> None:
        self._dj_touch()
        position = min(max(self._dj_position(index), 0), len(self))
        wrapped = self._dj_enter(value)
        list.insert(self, position, wrapped)
        self._dj_log(("i", position, wrapped))

    def pop(self, index: SupportsIndex = -1) -> Any:
        self._dj_touch()
        position = self._dj_position(index)
        value = list.pop(self, index)
        self._dj_log(("d", position))
        if self._dj_rows and type(value) is dict:
            self._dj_tracker.hand_out(self, value, None)
        return value

    def remove(self, value: Any) -> None:
        self._dj_touch()
        position = list.index(self, value)
        list.__delitem__(self, position)
        self._dj_log(("d", position))

    def clear(self) -> None:
        self._dj_touch()
        list.clear(self)
        self._dj_log(None)

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._dj_touch()
        if self._dj_rows and kwargs.get("key") is not None:  # the key function sees the rows
            self._dj_tracker.hand_out_all(self, None, self._dj_rows == ALL_ROWS)
        list.sort(self, *args, **kwargs)
        self._dj_log(None)

    def reverse(self) -> None:
        self._dj_touch()
        list.reverse(self)
        self._dj_log(None)


class TrackedDict(Tracked, dict[Any, Any]):
    """A dict that reports mutations to its view."""

    __slots__ = ("_dj_names", "_dj_opaque", "_dj_parent", "_dj_tracker")

    def _dj_copy(self) -> dict[Any, Any]:
        return dict(self)

    def _dj_restore(self, snapshot: dict[Any, Any]) -> None:
        dict.clear(self)
        dict.update(self, snapshot)

    def __reduce__(self) -> Any:
        return (dict, (dict(self),))

    def __setitem__(self, key: Any, value: Any) -> None:
        self._dj_touch()
        dict.__setitem__(self, key, self._dj_wrap(value))

    def __delitem__(self, key: Any) -> None:
        self._dj_touch()
        dict.__delitem__(self, key)

    def __ior__(self, other: Any) -> TrackedDict:  # type: ignore[misc]
        self.update(other)
        return self

    def pop(self, key: Any, *default: Any) -> Any:
        self._dj_touch()
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[Any, Any]:
        self._dj_touch()
        return dict.popitem(self)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key in self:
            return self[key]
        self[key] = default
        return self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._dj_touch()
        for key, value in dict(*args, **kwargs).items():
            dict.__setitem__(self, key, self._dj_wrap(value))

    def clear(self) -> None:
        self._dj_touch()
        dict.clear(self)


class TrackedSet(Tracked, set[Any]):
    """A set that reports mutations to its view."""

    __slots__ = ("_dj_names", "_dj_opaque", "_dj_parent", "_dj_tracker")

    def _dj_copy(self) -> set[Any]:
        return set(self)

    def _dj_restore(self, snapshot: set[Any]) -> None:
        set.clear(self)
        set.update(self, snapshot)

    def __reduce__(self) -> Any:
        return (set, (set(self),))

    def _mutating(name: str) -> Any:  # type: ignore[misc]
        base = getattr(set, name)

        def method(self: TrackedSet, *args: Any) -> Any:
            self._dj_touch()
            result = base(self, *args)
            return self if name.startswith("__i") else result

        method.__name__ = name
        return method

    add = _mutating("add")
    discard = _mutating("discard")
    remove = _mutating("remove")
    pop = _mutating("pop")
    clear = _mutating("clear")
    update = _mutating("update")
    difference_update = _mutating("difference_update")
    intersection_update = _mutating("intersection_update")
    symmetric_difference_update = _mutating("symmetric_difference_update")
    __ior__ = _mutating("__ior__")
    __iand__ = _mutating("__iand__")
    __isub__ = _mutating("__isub__")
    __ixor__ = _mutating("__ixor__")
    del _mutating


# Values stored as they are, found by their exact type: a row of a table is wrapped with one
# check of its values in C, not one call per value.
_LEAF_TYPES: frozenset[type] = frozenset(IMMUTABLE_TYPES)
_DICTS = repeat(dict)


def _all_leaves(values: Iterable[Any]) -> bool:
    return all(map(_LEAF_TYPES.__contains__, map(type, values)))


def _plain_rows(items: list[Any]) -> bool:
    """Every item is a dict of plain values: checked in C, not one call per row."""
    return all(map(operator.is_, map(type, items), _DICTS)) and _LEAF_TYPES.issuperset(
        map(type, chain.from_iterable(map(dict.values, items)))
    )


def _rows_entering(items: list[Any], rows: TrackedList, tracker: ChangeTracker) -> None:
    """Put plain rows into ``rows``, a new tracked list, as they are: after the handler (before
    anything renders them), the tracker copies those held elsewhere too, so that the state is
    all its own, as with the tracked dicts copied before (tracking.py, ``adopted``)."""
    list.extend(rows, items)
    tracker.adopted(items, rows)


def position_of(seq: list[Any], item: Any, hint: int | None = None) -> int | None:
    """Where ``item`` is in ``seq``, by identity (an equal row elsewhere must not match):
    ``hint`` when it is there, else a pointer scan in C; None when it is not in ``seq``."""
    if hint is not None and 0 <= hint < len(seq) and list.__getitem__(seq, hint) is item:
        return hint
    try:
        return operator.indexOf(map(operator.is_, list.__iter__(seq), repeat(item)), True)
    except ValueError:
        return None


def items_of(seq: Any) -> Iterator[Any]:
    """The items of a sequence, for djwire's own reading (a render, a save): a tracked list
    does not count this as handing its rows out."""
    return list.__iter__(seq) if isinstance(seq, TrackedList) else iter(seq)


def track(
    value: Any, tracker: ChangeTracker, parent: Tracked | None = None, name: str | None = None
) -> Any:
    """``value`` with its lists, dicts and sets (at any depth) replaced by tracked ones."""
    if isinstance(value, Tracked) and value._dj_tracker is tracker:
        known: Any = value  # a concrete tracked class: it has the slots
        if parent is not None:
            known._dj_parent = parent
        if name is not None:
            known._dj_names = (known._dj_names or set()) | {name}
        return known
    kind = type(value)
    result: Tracked
    if kind is list or isinstance(value, TrackedList):
        items = value if kind is list else list.copy(value)
        rows = TrackedList()
        rows._dj_init(tracker, parent)
        rows._dj_rows = NO_ROWS
        if _all_leaves(items):
            list.extend(rows, items)
        elif _plain_rows(items):
            _rows_entering(items, rows, tracker)
            rows._dj_rows = ALL_ROWS
        else:
            rows._dj_rows = SOME_ROWS
            list.extend(rows, [rows._dj_enter(v) for v in items])
        result = rows
    elif kind is dict or isinstance(value, TrackedDict):
        result = TrackedDict()
        result._dj_init(tracker, parent)
        if _all_leaves(value.values()):
            dict.update(result, value)
        else:
            for key, item in value.items():
                dict.__setitem__(result, key, result._dj_wrap(item))
    elif kind is set or isinstance(value, TrackedSet):
        result = TrackedSet(value)
        result._dj_init(tracker, parent)
    else:
        return value
    if name is not None:
        result._dj_names = {name}
    return result
