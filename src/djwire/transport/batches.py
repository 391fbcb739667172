"""Many small sync calls in few thread hops: a push's handler for every view of a process.

A push naming a handler reaches thousands of views at once; a hop to a thread per view
costs more than the handler itself (10,000 views took 16.8 s, one hop each). Calls handed to
:func:`run_batched` are queued per event loop and run by one worker, a call of the pool's
background lane (so a user's event, on the other lane, never waits behind it), in the order
they were handed over. The worker runs calls until the queue is empty and hands their
results back to the loop every ``MAX_BATCH`` calls or ``BUDGET`` seconds, whichever comes
first: the views get their results while the rest runs, and the thread never sits idle
waiting for the loop to take its turn (which, while a push fans out, is what most of a
hop per batch cost: 10,000 views took 5 s with a hop per 20 ms batch, against 2 s for the
state push of the same views).

Each call runs in a context of its own (what one handler sets in a context variable, such as
an activated language, does not leak into the next). The caller keeps each call's order with
the other work of its view (a view hands over one call at a time, holding its lock).
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import close_old_connections

from djwire._loop_local import LoopLocal
from djwire.transport.pool import get_pool

T = TypeVar("T")

MAX_BATCH = 500
BUDGET = 0.02  # seconds of work between two hand-backs of results
YIELD_EVERY = 10  # calls between two offers of the GIL to the event loop

_Call = tuple[Callable[[], Any], "asyncio.Future[Any]"]
_Outcome = tuple["asyncio.Future[Any]", bool, Any]  # (future, True, result) or (.., False, error)


class Batches:
    """The queue of batched calls of one event loop, and its worker."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: deque[_Call] = deque()
        self._lock = threading.Lock()  # the queue's emptiness and the worker's running, together
        self._running = False
        self._workers: set[asyncio.Task[None]] = set()

    def run(self, call: Callable[[], T]) -> asyncio.Future[T]:
        future: asyncio.Future[T] = self._loop.create_future()
        with self._lock:
            self._queue.append((call, future))
            if self._running:
                return future
            self._running = True
        # A fresh context: the task outlives whoever handed the first call over.
        worker = asyncio.create_task(self._work(), context=contextvars.Context())
        self._workers.add(worker)
        worker.add_done_callback(self._workers.discard)
        return future

    async def _work(self) -> None:
        try:
            await get_pool().run_background(self._drain)
        except BaseException as error:
            with self._lock:
                left, self._running = list(self._queue), False
                self._queue.clear()
            for _, future in left:
                if future.done():
                    continue
                if isinstance(error, asyncio.CancelledError):
                    future.cancel()
                else:
                    future.set_exception(error)
            raise

    def _drain(self) -> None:
        """In the pool's thread: run calls until none is left, handing results back."""
        base = contextvars.copy_context()
        outcomes: list[_Outcome] = []
        started = time.perf_counter()
        while True:
            with self._lock:
                if not self._queue:
                    self._running = False
                    break
                call, future = self._queue.popleft()
            if future.done():  # a view that left while its call waited
                continue
            try:
                outcomes.append((future, True, base.copy().run(call)))
            except Exception as error:
                outcomes.append((future, False, error))
            if len(outcomes) % YIELD_EVERY == 0:
                # Hand the GIL to the event loop if it waits for it, now rather than after
                # the interpreter's switch interval (5 ms): every turn of the loop (each
                # slice of a push, each frame written) would otherwise wait that long.
                time.sleep(0)
            if len(outcomes) >= MAX_BATCH or time.perf_counter() - started >= BUDGET:
                self._hand_back(outcomes)
                outcomes, started = [], time.perf_counter()
                close_old_connections()  # as every hop does: none held past its lifetime
        self._hand_back(outcomes)

    def _hand_back(self, outcomes: list[_Outcome]) -> None:
        if outcomes:
            self._loop.call_soon_threadsafe(_settle, outcomes)


def _settle(outcomes: list[_Outcome]) -> None:
    for future, ok, value in outcomes:
        if future.done():
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)


_batches: LoopLocal[Batches] = LoopLocal(Batches)


def run_batched(call: Callable[[], T]) -> asyncio.Future[T]:
    """Run ``call()`` in a pool thread, batched with the other calls handed over meanwhile;
    the future of its result (or of the exception it raised)."""
    return _batches.get().run(call)
