"""Many small sync calls in few thread hops: a push's handler for every view of a process.

A push naming a handler reaches thousands of views at once; a hop to a thread per view
costs more than the handler itself (10,000 views took 16.8 s, one hop each). Calls handed to
:func:`run_batched` are queued per event loop and run a batch per hop, in the order they were
handed over, on the pool's background lane (so a user's event, on the other lane, never
waits behind a batch). A batch ends after ``MAX_BATCH`` calls or ``BUDGET`` seconds of work,
whichever comes first: a batch of slow handlers gives the threads and the loop back soon, and
what is left goes in the next hop.

Each call runs in a context of its own (what one handler sets in a context variable, such as
an activated language, does not leak into the next). The caller keeps each call's order with
the other work of its view (a view hands over one call at a time, holding its lock).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import time
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from djwire._loop_local import LoopLocal
from djwire.transport.pool import get_pool

T = TypeVar("T")

MAX_BATCH = 500
BUDGET = 0.02  # seconds of work per hop
WAKE_SLICE = 200  # results handed back per turn of the event loop
YIELD_EVERY = 25  # calls between two releases of the GIL inside a batch

_Outcome = tuple[bool, Any]  # (True, result) or (False, the exception it raised)


def _run_batch(calls: list[Callable[[], Any]], budget: float) -> list[_Outcome]:
    """Run ``calls`` in order until the budget is spent (at least one): their outcomes."""
    started = time.perf_counter()
    base = contextvars.copy_context()
    outcomes: list[_Outcome] = []
    for call in calls:
        try:
            outcomes.append((True, base.copy().run(call)))
        except Exception as error:
            outcomes.append((False, error))
        if time.perf_counter() - started >= budget:
            break
        if len(outcomes) % YIELD_EVERY == 0:
            # Let a thread waiting for the GIL (the event loop, a user's event) take it now
            # rather than after the interpreter's switch interval (5 ms).
            time.sleep(0)
    return outcomes


class Batches:
    """The queue of batched calls of one event loop."""

    def __init__(self) -> None:
        self._queue: deque[tuple[Callable[[], Any], asyncio.Future[Any]]] = deque()
        self._task: asyncio.Task[None] | None = None

    def run(self, call: Callable[[], T]) -> asyncio.Future[T]:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((call, future))
        if self._task is None or self._task.done():
            # A fresh context: the task outlives whoever handed the first call over.
            self._task = asyncio.create_task(self._drain(), context=contextvars.Context())
        return future

    async def _drain(self) -> None:
        pool = get_pool()
        # Let every view a push reaches hand its call over first: one hop for all of them.
        await asyncio.sleep(0)
        while self._queue:
            batch: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
            while self._queue and len(batch) < MAX_BATCH:
                entry = self._queue.popleft()
                if not entry[1].done():  # a view that left while its call waited
                    batch.append(entry)
            if not batch:
                continue
            calls = [call for call, _ in batch]
            try:
                outcomes = await pool.run_background(functools.partial(_run_batch, calls, BUDGET))
            except BaseException as error:
                for _, future in batch:
                    if future.done():
                        continue
                    if isinstance(error, asyncio.CancelledError):
                        future.cancel()
                    else:
                        future.set_exception(error)
                raise
            for count, ((_, future), (ok, value)) in enumerate(
                zip(batch, outcomes, strict=False), 1
            ):
                if future.done():
                    pass
                elif ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
                if count % WAKE_SLICE == 0:
                    # Each result wakes its view's task in the next turn of the loop: a slice
                    # per turn, so that other users' events are read in between.
                    await asyncio.sleep(0)
            # What the budget left out goes first in the next hop, in order.
            self._queue.extendleft(reversed(batch[len(outcomes) :]))


_batches: LoopLocal[Batches] = LoopLocal(Batches)


def run_batched(call: Callable[[], T]) -> asyncio.Future[T]:
    """Run ``call()`` in a pool thread, batched with the other calls handed over meanwhile;
    the future of its result (or of the exception it raised)."""
    return _batches.get().run(call)
