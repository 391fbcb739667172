"""A hub's view of each group's sequence: messages handed on in order, gaps filled from the
history in Redis (history.py), and what cannot be filled reported as lost.

For each group a process listens to, the hub knows the epoch and number of the last message it
handed on. A message that follows it goes straight through. One that jumps ahead (some were
published while this process was not subscribed: Redis restarted, the connection dropped)
makes the group *catch up*: the missed messages are read from the stream and handed on first,
in order; later ones wait for that. Every ``CHECK_SECONDS`` the heads of all groups are read in
one round trip, so the last push before a quiet spell is not lost either. When the history no
longer holds what was missed (trimmed, or a new epoch: Redis lost its data), the group's
subscribers are told (``lost``): a LiveView re-mounts, a signals window gets ``missed``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from djwire.pubsub.history import Head, History

logger = logging.getLogger("djwire.pubsub")

# Seconds between two reads of the heads of every group this process listens to.
CHECK_SECONDS = 1.0


@dataclass
class Track:
    """Where one group is for this process: the last message handed on (``seq`` None: not
    known yet, the first one seen is taken as it is)."""

    epoch: str | None = None
    seq: int | None = None
    catching_up: asyncio.Task[None] | None = None
    again: bool = False  # a message arrived while catching up: read the stream once more


class Recovery:
    """The sequences of the groups of one hub."""

    def __init__(
        self,
        history: History,
        deliver: Callable[[str, bytes], None],
        lost: Callable[[str], None],
    ) -> None:
        self.history = history
        self._deliver = deliver
        self._lost = lost
        self.tracks: dict[str, Track] = {}
        self._checker: asyncio.Task[None] | None = None
        self._failing = False  # logged once per outage, not once a second

    async def track(self, group: str) -> None:
        """Start following ``group`` (the process has just joined it in the channel layer)."""
        self.tracks.setdefault(group, Track())
        if self._checker is None or self._checker.done():
            self._checker = asyncio.create_task(self._check_loop(), name="djwire hub check")
        with contextlib.suppress(Exception):  # Redis down: the check loop reads it later
            head = (await self.history.heads([group]))[group]
            self._compare(group, head)

    def forget(self, group: str) -> None:
        track = self.tracks.pop(group, None)
        if track is not None and track.catching_up is not None:
            track.catching_up.cancel()

    def arrived(self, group: str, data: bytes, epoch: str, seq: int) -> None:
        """A message of ``group`` came through the channel layer."""
        track = self.tracks.get(group)
        if track is None:
            return
        if track.catching_up is not None:
            track.again = True  # it is in the stream: the catch-up hands it on, in its turn
            return
        follows = track.seq is not None and seq == track.seq + 1
        if track.seq is None or (follows and track.epoch in (epoch, None)):
            track.epoch, track.seq = epoch, seq
            self._deliver(group, data)
        elif epoch == track.epoch and seq <= track.seq:
            return  # already handed on (read from the stream before it came)
        else:
            self._catch_up(group, track)

    def _compare(self, group: str, head: Head | None) -> None:
        track = self.tracks.get(group)
        if track is None or track.catching_up is not None:
            return
        if track.seq is None:
            # The baseline: what was published before this process listened is not its own.
            track.epoch, track.seq = (None, 0) if head is None else head
        elif head is None:
            self._compare_gone(group, track)
        elif head != (track.epoch, track.seq):
            self._catch_up(group, track)

    def _compare_gone(self, group: str, track: Track) -> None:
        # Redis lost the group (a restart without its data): what was in flight cannot be
        # known, unless nothing had been published yet.
        if track.epoch is not None and track.seq:
            self._lost(group)
        track.epoch, track.seq = None, 0

    def _catch_up(self, group: str, track: Track) -> None:
        track.again = False
        track.catching_up = asyncio.create_task(self._read_missed(group, track))

    async def _read_missed(self, group: str, track: Track) -> None:
        try:
            while True:
                track.again = False
                assert track.seq is not None
                epoch, kept = await self.history.since(group, track.seq)
                if epoch is None:
                    self._compare_gone(group, track)
                    return
                if epoch != track.epoch:
                    if track.epoch is not None and track.seq > 0:
                        self._lost(group)  # the old epoch's last messages are unknowable
                    track.epoch, track.seq = epoch, 0
                    epoch, kept = await self.history.since(group, 0)
                if kept and kept[0][0] != track.seq + 1:
                    logger.warning(
                        "%s: messages %d to %d are no longer kept; its subscribers resync",
                        group,
                        track.seq + 1,
                        kept[0][0] - 1,
                    )
                    self._lost(group)
                for seq, data in kept:
                    if seq > track.seq:
                        track.seq = seq
                        self._deliver(group, data)
                if not track.again:
                    return
        except asyncio.CancelledError:
            raise
        except Exception:
            # Redis is down again: the check loop tries once it answers.
            logger.debug("catching up on %s failed", group, exc_info=True)
        finally:
            track.catching_up = None

    async def _check_loop(self) -> None:
        while self.tracks:
            await asyncio.sleep(CHECK_SECONDS)
            groups = list(self.tracks)
            try:
                heads = await self.history.heads(groups)
            except Exception:
                if not self._failing:
                    logger.warning("reading the heads of %d groups failed", len(groups))
                self._failing = True
                continue
            if self._failing:
                logger.info("reading the heads of groups again")
            self._failing = False
            for group, head in heads.items():
                self._compare(group, head)

    async def close(self) -> None:
        tasks = [self._checker, *(t.catching_up for t in self.tracks.values())]
        self.tracks.clear()
        for task in tasks:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
