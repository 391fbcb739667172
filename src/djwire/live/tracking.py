"""Change tracking for view state: know what changed from assignment and in-place mutation.

Public state is held in tracked containers (containers.py) that report every mutation to the
view's :class:`ChangeTracker`. The tracker keeps, for one event:

- ``changed``: the names of state attributes whose value changed (assigned or mutated inside);
- ``dirty``: the ids of containers changed, themselves or anywhere below them, so a loop
  re-renders only the rows whose item is dirty;
- a shallow snapshot of each container at its first mutation, so an event whose handler raises
  is rolled back exactly, at a cost that follows the mutations, not the size of the state;
- ``structure``: for each list changed itself, the inserts, deletes and replacements made to it
  in order (``None`` when a sort or a slice made that log useless), so a loop over a long list
  can replay them instead of comparing every row.
"""

from __future__ import annotations

from typing import Any, Protocol

_MISSING: Any = object()


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
        self.changed: set[str] = set()
        self.dirty: set[int] = set()
        self.snapshots: dict[int, tuple[TrackedContainer, Any]] = {}
        self.structure: dict[int, list[tuple[Any, ...]] | None] = {}
        self._assigned: dict[str, Any] = {}

    def log(self, container: object, op: tuple[Any, ...] | None) -> None:
        """Record a structural change of a list: ("i", pos, item), ("d", pos), ("s", pos, item),
        or None for one that cannot be replayed."""
        cid = id(container)
        ops = self.structure.get(cid, _MISSING)
        if op is None:
            self.structure[cid] = None
        elif ops is _MISSING:
            self.structure[cid] = [op]
        elif ops is not None:
            ops.append(op)

    def touch(self, container: TrackedContainer) -> None:
        cid = id(container)
        if cid not in self.snapshots:
            self.snapshots[cid] = (container, container._dj_copy())
        node: TrackedContainer | None = container
        while node is not None:
            if node._dj_names:
                self.changed.update(node._dj_names)
            nid = id(node)
            if nid in self.dirty and node is not container:
                break  # everything above was marked by an earlier mutation
            self.dirty.add(nid)
            node = node._dj_parent

    def assigned(self, name: str, old: Any) -> None:
        if name not in self._assigned:
            self._assigned[name] = old
        self.changed.add(name)

    def reset(self) -> None:
        """Forget the changes: they have been rendered."""
        self.changed = set()
        self.dirty = set()
        self.snapshots = {}
        self.structure = {}
        self._assigned = {}

    def rollback(self, owner: object) -> None:
        """Put the state of ``owner`` back as it was before the changes, then forget them."""
        for container, snapshot in self.snapshots.values():
            container._dj_restore(snapshot)
        for name, old in self._assigned.items():
            if old is _MISSING:
                owner.__dict__.pop(name, None)
            else:
                owner.__dict__[name] = old
        self.reset()
