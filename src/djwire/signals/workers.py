"""Where server-side signals run: ``DJWIRE["signal_workers"]`` (df_websockets' WEBSOCKET_WORKERS).

- ``thread`` (default): a bounded thread pool per queue in the process that triggers;
- ``process``: a pool of worker processes per queue, each with Django set up;
- ``celery``: a Celery task on the queue (run by ``celery -A proj worker -Q <queue>``);
- ``channels``: a message on the channel named after the queue, run by Channels' worker
  (``python manage.py runworker <queue>``; djwire's ``get_asgi_application()`` routes it).

A worker runs :func:`djwire.signals.processing.process_task` with the arguments df_websockets used,
as plain JSON-able data. Delays (``countdown``/``eta``) are Celery's own with celery; otherwise a
timer in the triggering process holds the signal until it is due (a restart of that process
loses what is still waiting: docs/signals.md).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from multiprocessing import get_context
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from djwire import conf
from djwire.signals import _spawned
from djwire.signals._run import run_soon
from djwire.signals.processing import pack_kwargs, run_in_worker

logger = logging.getLogger("djwire.signals")

THREAD, PROCESS, CELERY, CHANNELS = "thread", "process", "celery", "channels"
WORKER_MODES = (THREAD, PROCESS, CELERY, CHANNELS)
# The message type of a signal sent to a Channels worker.
CHANNELS_MESSAGE = "djwire.signal"

_pools: dict[tuple[str, str], Executor] = {}
_lock = threading.Lock()
# Signals handed to this process's pools and not finished yet (see _finish_pending).
_pending: set[Future[None]] = set()


def worker_mode() -> str:
    """The configured worker mode, or ImproperlyConfigured naming the choices."""
    mode = conf.get("signal_workers")
    if mode not in WORKER_MODES:
        raise ImproperlyConfigured(
            f"DJWIRE['signal_workers'] (or WEBSOCKET_WORKERS) is {mode!r}; use one of "
            f"{', '.join(WORKER_MODES)}"
        )
    return str(mode)


def default_queue() -> str:
    """The queue of a signal that names none (``DJWIRE["signal_default_queue"]``)."""
    return str(conf.get("signal_default_queue"))


def pool_size(queue: str) -> int:
    sizes: dict[Any, int] = conf.get("signal_pool_sizes") or {}
    return int(sizes.get(queue) or sizes.get(None) or conf.get("signal_pool_size"))


def submit(
    queue: str, signal_args: list[Any], delay: float | None, expires_at: float | None
) -> None:
    """Run ``process_task(*signal_args)`` in the configured worker, after ``delay`` seconds."""
    mode = worker_mode()
    if mode == CELERY:
        _celery(queue, signal_args, delay, expires_at)
        return
    send = _channels if mode == CHANNELS else _pooled(mode)
    if delay:
        timer = threading.Timer(delay, _when_due, (send, queue, signal_args, expires_at))
        timer.daemon = True
        timer.start()
    else:
        send(queue, signal_args)


def _when_due(
    send: Callable[[str, list[Any]], None], queue: str, args: list[Any], expires_at: float | None
) -> None:
    if expires_at is not None and time.time() > expires_at:
        logger.info("signal %s expired before it was due; not run", args[0])
        return
    send(queue, args)


def _pooled(mode: str) -> Callable[[str, list[Any]], None]:
    def send(queue: str, args: list[Any]) -> None:
        future = _pool(mode, queue).submit(run_in_worker, *args)
        _pending.add(future)
        future.add_done_callback(_done)

    return send


def _pool(mode: str, queue: str) -> Executor:
    if mode == PROCESS and _spawned.in_worker_process:
        # A worker process runs what its signals trigger in threads: it is a worker already,
        # and a pool of processes in each of them would spawn processes without end.
        mode = THREAD
    with _lock:
        pool = _pools.get((mode, queue))
        if pool is None:
            size = pool_size(queue)
            if mode == THREAD:
                pool = ThreadPoolExecutor(size, thread_name_prefix=f"djwire-signals-{queue}")
            else:
                # spawn, not fork: the server process runs an event loop and threads that a
                # forked child would inherit half-way.
                pool = ProcessPoolExecutor(
                    size,
                    mp_context=get_context("spawn"),
                    initializer=_spawned.setup_worker_process,
                )
            _pools[(mode, queue)] = pool
        return pool


def _done(future: Future[None]) -> None:
    _pending.discard(future)
    error = None if future.cancelled() else future.exception()
    if error is not None:
        logger.error("a signal worker failed", exc_info=error)


def _finish_pending() -> None:
    """Let the signals this process handed to its pools finish before the interpreter shuts
    down: a management command that triggers a server signal and returns would otherwise run it
    while concurrent.futures refuses new work, and its own triggers (async_to_sync needs a new
    executor) fail with "cannot schedule new futures after interpreter shutdown"."""
    while _pending:
        wait(list(_pending))


# Called when the main thread ends, before concurrent.futures' own exit hooks (these hooks run
# last-registered first, and importing ThreadPoolExecutor above registered those): the hook
# concurrent.futures itself uses, as atexit runs only after the pools stopped taking work.
threading._register_atexit(_finish_pending)  # type: ignore[attr-defined]


def _channels(queue: str, args: list[Any]) -> None:
    from channels.layers import get_channel_layer

    layer: Any = get_channel_layer()
    run_soon(layer.send, queue, {"type": CHANNELS_MESSAGE, "args": _packed(args)})


def _celery(queue: str, args: list[Any], delay: float | None, expires_at: float | None) -> None:
    from djwire.signals.celery import server_signal_call

    options: dict[str, Any] = {"queue": queue, "add_to_parent": False}
    if delay:
        options["countdown"] = delay
    if expires_at is not None:
        options["expires"] = expires_at - time.time()
    server_signal_call.apply_async(args=_packed(args), **options)


def _packed(args: list[Any]) -> list[Any]:
    return [*args[:2], pack_kwargs(args[2]), *args[3:]]


@atexit.register
def _shutdown() -> None:
    for pool in _pools.values():
        pool.shutdown(wait=False, cancel_futures=True)
