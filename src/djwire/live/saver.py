"""Saving view state behind the frames: after they are queued, in batches.

A push to a thousand views must not cost a thousand thread hops to save them. Views ask to be
saved; one task per event loop collects them, encodes each record in the loop (while its view
is not in the middle of a change), then writes the whole batch in one trip to a thread of the
handler pool (its background lane: djwire.transport.pool). Requests made meanwhile coalesce:
a view is saved once per round, with its newest state.

Encoding a big view takes long (hundreds of ms at 100,000 rows) and holds the loop that answers
every socket's events, so a view is saved again only after ``SPACING`` times what its last
encode took: saving uses at most a small share of the loop, whatever the size of the state.
Small views (well under a millisecond) are saved after every change, as before. A view that
leaves is saved at once, whatever its spacing.

Most saves are deltas (live/records.py, deltas.py): the changes since the last save, appended to the
stored record; they cost what changed, so they follow each other closely. A base (the whole
state) is written when the deltas have grown to a share of it, or when they cannot say what
changed; a base waits ``SPACING`` times what the view's last base took since that base.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from typing import Protocol

from djwire._loop_local import LoopLocal
from djwire.live.mounted import MountedView
from djwire.pubsub import get_hub
from djwire.store import get_store
from djwire.transport.pool import get_pool

logger = logging.getLogger("djwire.live")

_BEHIND_FRAMES = 0.01  # seconds a save waits behind the frames it follows
_BEHIND_PUSH = 1.0  # seconds a save may wait behind a push being handed out (pushes in a row)
# A view is saved again at the earliest SPACING times its last encode time later.
SPACING = 20


class Saved(Protocol):
    mounted: MountedView

    def busy(self) -> bool:
        """True while the view is being changed: its state cannot be read whole now."""
        ...


class Saver:
    """The write-behind queue of one event loop."""

    def __init__(self) -> None:
        self._pending: dict[int, Saved] = {}
        self._task: asyncio.Task[None] | None = None
        # The views of the batch being encoded and written, and when that write is done.
        self._saving: set[int] = set()
        self._saved = asyncio.Event()
        self._due: dict[int, float] = {}  # when each view may be saved again (loop time)
        self._base_due: dict[int, float] = {}  # when each view may write its next base
        self._wake = asyncio.Event()  # a new view asks while the task waits for a spaced one

    def want(self, view: Saved) -> None:
        self._pending[id(view)] = view
        self._wake.set()
        if self._task is None or self._task.done():
            # A fresh context: this task outlives whatever request asked for it first.
            self._task = asyncio.create_task(self._run(), context=contextvars.Context())

    async def flush(self, view: Saved) -> None:
        """Save ``view`` now if it is waiting, or wait for the batch that is saving it (it is
        leaving: a reconnect must find it). The batch of other views goes on either way."""
        while id(view) in self._saving:
            await self._saved.wait()
        self._due.pop(id(view), None)
        self._base_due.pop(id(view), None)
        if self._pending.pop(id(view), None) is not None:
            await self._write([view])
        if not self._pending and not self._saving and self._task is not None:
            self._task.cancel()  # nothing left to save: don't leave a sleeping task behind

    async def save_now(self, view: Saved) -> None:
        """Save ``view`` now, whether or not it asked (DJWIRE["save_before_reply"]): once this
        returns, its current state is in the store."""
        while id(view) in self._saving:
            await self._saved.wait()
        self._pending.pop(id(view), None)
        await self._write([view])

    async def _run(self) -> None:
        # The frames that asked for these saves go out first: a push to many views queues
        # many frames, and their writers need the loop more than the saves do.
        await asyncio.sleep(_BEHIND_FRAMES)
        while self._pending:
            # And the whole push first: encoding the views it changed already while it is
            # still handed out to the others makes all of them wait, and the event of a
            # user on the same loop with them.
            await get_hub().handed_out(_BEHIND_PUSH)
            batch = self._take_due()
            if not batch:
                self._wake.clear()
                wait = min(self._when(k, v) for k, v in self._pending.items()) - _now()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), wait)
                await asyncio.sleep(_BEHIND_FRAMES)
                continue
            self._saving, self._saved = set(batch), asyncio.Event()
            try:
                await self._save(batch)
            finally:
                self._saving = set()
                self._saved.set()

    def _take_due(self) -> dict[int, Saved]:
        """The pending views whose spacing has passed, taken out of the pending ones."""
        now = _now()
        due = {k: v for k, v in self._pending.items() if self._when(k, v) <= now}
        for key in due:
            del self._pending[key]
        return due

    def _when(self, key: int, view: Saved) -> float:
        """When ``view`` may be saved next: a delta after the last save's spacing, a base
        also after the spacing of the last base."""
        due = self._due.get(key, 0.0)
        if view.mounted.records.next_is_base():
            due = max(due, self._base_due.get(key, 0.0))
        return due

    async def _save(self, batch: dict[int, Saved]) -> None:
        views = []
        for count, (key, view) in enumerate(batch.items(), 1):
            if view.busy():
                self._pending[key] = view  # mid-change: next round
            else:
                start = _now()
                views.append((view, *_record(view)))
                spent = _now() - start
                self._due[key] = start + spent * SPACING
                if views[-1][2]:  # a base
                    self._base_due[key] = self._due[key]
            if count % 100 == 0:
                await asyncio.sleep(0)  # encoding a big batch must not starve the loop
        if views:
            try:
                await self._written(views)
            except Exception:
                logger.exception("saving the state of %d views failed", len(views))
        elif self._pending:
            await asyncio.sleep(0.01)

    async def _write(self, views: list[Saved]) -> None:
        """Save ``views`` now (they are leaving, or the caller holds their lock)."""
        await self._written([(view, *_record(view)) for view in views], now=True)

    async def _written(
        self, records: list[tuple[Saved, str, bool, bytes]], now: bool = False
    ) -> None:
        refused = await _write([record[1:] for record in records])
        for index in refused:
            # The store had no base to chain this delta to: its changes go in a base.
            view = records[index][0]
            view.mounted.records.lost()
            self._base_due.pop(id(view), None)
            if now:
                await self._write([view])
            else:
                self._pending[id(view)] = view  # encoded when it is not mid-change


def _now() -> float:
    return time.monotonic()


def _record(view: Saved) -> tuple[str, bool, bytes]:
    mounted = view.mounted
    is_base, record = mounted.records.next(mounted.version)
    return mounted.grant.instance_id, is_base, record


async def _write(records: list[tuple[str, bool, bytes]]) -> list[int]:
    """Write ``records`` (bases saved, deltas appended); the indexes of deltas refused."""
    # Background work of the handler pool (never refused, at most half of its threads), not
    # Django's one sync thread: a slow store (a disk, a Redis far away) must not hold what
    # waits there (database_sync_to_async code of every socket).
    return await get_pool().run_background(lambda: _write_now(records))


def _write_now(records: list[tuple[str, bool, bytes]]) -> list[int]:
    store = get_store()
    refused = []
    for index, (instance_id, is_base, record) in enumerate(records):
        if is_base:
            store.save(instance_id, record)
        elif not store.append(instance_id, record):
            refused.append(index)
    return refused


_savers: LoopLocal[Saver] = LoopLocal(Saver)


def get_saver() -> Saver:
    """The save queue of the running event loop."""
    return _savers.get()
