"""The threads that run the sync work of joins: handlers, mounts, the renders after them.

Django's own ``sync_to_async`` runs every sync call of a process in one thread, so one
socket's slow handler made every other user wait behind it. Here ``DJWIRE["handler_threads"]``
threads (8) share that work: a slow handler holds one thread and the others go on answering.

What stays as it was:

- **order per view**: a join runs one change at a time (its lock), so one view's work never
  runs on two threads at once and runs in arrival order; only *different* views run side by
  side. Code shared by views (module globals, a client object) must be thread-safe.
- **database connections**: each thread has its own, closed when stale before and after every
  call (as Channels' ``database_sync_to_async`` does), and under ``DEBUG`` the query log is
  reset around every call (as Django does per request). Size the database's connection limit
  for ``handler_threads`` per server process.
- ``async_to_sync`` inside a handler (``push_to_view``) runs on the server's event loop.

Two lanes share the threads. What a user waits for (an event, a join) is refused with
``overloaded`` once ``handler_threads + handler_queue`` such calls are running or waiting,
rather than queued without end. Background work (pushes, ticks) is never refused (a push is
never dropped) but holds at most half of the threads, so users' events always find one.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, reset_queries

from djwire import conf
from djwire._loop_local import LoopLocal
from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_OVERLOADED

T = TypeVar("T")

THREAD_NAME = "djwire-handler"

# One executor per size in the process: the threads outlive event loops (tests run many).
_executors: dict[int, ThreadPoolExecutor] = {}
_executors_lock = threading.Lock()


def _executor(threads: int) -> ThreadPoolExecutor:
    with _executors_lock:
        executor = _executors.get(threads)
        if executor is None:
            executor = ThreadPoolExecutor(threads, thread_name_prefix=THREAD_NAME)
            _executors[threads] = executor
        return executor


def _setting(key: str, minimum: int) -> int:
    value = conf.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ImproperlyConfigured(
            f"DJWIRE[{key!r}] is {value!r}; it must be an integer of at least {minimum}"
        )
    return value


def _call(func: Callable[[], T]) -> T:
    # As Django does per request: a connection past CONN_MAX_AGE (at once with the default 0)
    # or broken is closed before and after, and DEBUG's query log, per thread, must not grow.
    # Django's own close_old_connections, not Channels' DatabaseSyncToAsync: Channels' test
    # communicator (under every WebsocketCommunicator) swaps the name it calls for a no-op
    # while a test awaits the socket, process-wide, to spare the test thread's connection,
    # which these threads never hold; under it, their connections stayed open after the test
    # and PostgreSQL refused to drop the test database.
    close_old_connections()
    if settings.DEBUG:
        reset_queries()
    try:
        return func()
    finally:
        if settings.DEBUG:
            reset_queries()
        close_old_connections()


class SyncPool:
    """The pool of one event loop (its counts and lanes; the threads are shared)."""

    def __init__(self, threads: int | None = None, queue: int | None = None) -> None:
        self.threads = _setting("handler_threads", 1) if threads is None else threads
        self.queue = _setting("handler_queue", 0) if queue is None else queue
        self._executor = _executor(self.threads)
        self._waiting = 0  # user calls running or waiting for a thread
        self._background = asyncio.Semaphore(max(1, self.threads // 2))

    @property
    def waiting(self) -> int:
        """User calls running or waiting for a thread now."""
        return self._waiting

    async def run(self, func: Callable[[], T]) -> T:
        """Run ``func()`` in a thread of the pool for a user who waits for it (an event, a
        join); ProtocolError ``overloaded`` when the pool and its queue are full."""
        if self._waiting >= self.threads + self.queue:
            raise ProtocolError(
                ERROR_OVERLOADED,
                f"the server is busy: {self.threads} handler threads and {self.queue} queued "
                "calls are taken (DJWIRE['handler_threads'], DJWIRE['handler_queue']); "
                "try again shortly",
            )
        self._waiting += 1
        try:
            return await self._hop(func)
        finally:
            self._waiting -= 1

    async def run_background(self, func: Callable[[], T]) -> T:
        """Run ``func()`` in a thread of the pool for work nobody waits on (a push, a tick):
        never refused, and on at most half of the threads at once."""
        async with self._background:
            return await self._hop(func)

    async def _hop(self, func: Callable[[], T]) -> T:
        hop = SyncToAsync(_call, thread_sensitive=False, executor=self._executor)
        result: T = await hop(func)
        return result


_pools: LoopLocal[SyncPool] = LoopLocal(SyncPool)


def on_every_thread(func: Callable[[], T], timeout: float = 10.0) -> list[T]:
    """Run ``func()`` once on each handler thread of the process and return what each gave
    (a test's cleanup: close the database connections each thread holds). Blocks until every
    thread has run it, so call it with no join at work; TimeoutError after ``timeout``
    seconds when a thread stays busy."""
    with _executors_lock:
        executors = list(_executors.items())
    results: list[T] = []
    for threads, executor in executors:
        # The barrier holds each call until every thread has one, so no thread runs two
        # and every thread, busy or idle, started or not yet, runs one.
        barrier = threading.Barrier(threads, timeout=timeout)

        def once(barrier: threading.Barrier = barrier) -> T:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                raise TimeoutError(
                    f"a djwire handler thread stayed busy for {timeout} s: "
                    "on_every_thread() waits for every thread of the pool"
                ) from None
            return func()

        calls = [executor.submit(once) for _ in range(threads)]
        results.extend(call.result(timeout=2 * timeout) for call in calls)
    return results


def get_pool() -> SyncPool:
    """The sync pool of the running event loop."""
    return _pools.get()
