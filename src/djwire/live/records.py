"""What a mounted view's saves write: a base record (its whole state) or a delta on it.

A base is ``{"v": version, "p": view path, "state": ...}``; a delta is ``{"v": version,
"d": ops}``, the ops (deltas.py) of the renders since the save before it, appended to the
stored base by the store. resume.py reads both back.
"""

from __future__ import annotations

import orjson

from djwire.live import serialization
from djwire.live.deltas import Unsaved
from djwire.live.grant import JoinGrant
from djwire.live.stateful import StatefulView
from djwire.store import DELTAS_PER_BASE, get_store

# A new base is written once the deltas since the last one add up to this share of its size
# (a resume replays at most that much), or number the store's DELTAS_PER_BASE.
COMPACT_SHARE = 0.5


class Records:
    """The saved records of one view: which one its next save writes, and the record."""

    def __init__(self, view: StatefulView, grant: JoinGrant) -> None:
        self.view = view
        self.grant = grant
        self.unsaved = Unsaved()
        self.base_bytes = 0
        self.delta_bytes = 0
        self.deltas = 0

    def whole(self, version: int) -> bytes:
        """The view's whole state as a base record (nothing noted as saved)."""
        state = serialization.encode_state(self.view)
        return b'{"v":%d,"p":%s,"state":%s}' % (
            version,
            orjson.dumps(self.grant.view_path),
            state,
        )

    def next_is_base(self) -> bool:
        """True when the next save writes the whole state."""
        tracker = self.view._dj_tracker
        # Changes not rendered yet (a handler that skipped its render) are in no op.
        if self.unsaved.whole or tracker.changed or tracker.dirty:
            return True
        if self.deltas >= DELTAS_PER_BASE:
            return True
        return self.delta_bytes + self.unsaved.size > self.base_bytes * COMPACT_SHARE

    def next(self, version: int) -> tuple[bool, bytes]:
        """What the next save writes: (True, a base record) or (False, a delta on the
        records saved before it: the changes since, not the state)."""
        if self.next_is_base():
            return True, self.base(version)
        return False, self.delta(version)

    def base(self, version: int) -> bytes:
        """The base record being saved: the deltas start again from it."""
        record = self.whole(version)
        self.unsaved.saved_base()
        self.base_bytes, self.delta_bytes, self.deltas = len(record), 0, 0
        return record

    def delta(self, version: int) -> bytes:
        """The delta record of the changes since the last save (which it then forgets)."""
        record = b'{"v":%d,"d":%s}' % (version, self.unsaved.delta())
        self.unsaved.saved_delta()
        self.delta_bytes += len(record)
        self.deltas += 1
        return record

    def lost(self) -> None:
        """A delta could not be appended (the store has no base for it): a base follows."""
        self.unsaved.whole = True

    def save(self, version: int) -> None:
        """Save a base record now."""
        get_store().save(self.grant.instance_id, self.base(version))
