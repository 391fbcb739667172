"""Running a coroutine from sync and async callers alike (trigger is both)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from asgiref.sync import async_to_sync

logger = logging.getLogger("djwire.signals")

# Tasks started from a running loop (trigger called in async code): kept until they end.
_background: set[asyncio.Task[Any]] = set()


def run_soon(function: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> None:
    """Run ``function(*args)``: at once from sync code, as a task of the running loop from
    async code (where blocking on it is not possible, and df_websockets raised)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(function)(*args)
        return
    task: asyncio.Task[Any] = loop.create_task(function(*args))
    _background.add(task)
    task.add_done_callback(_finished)


def _finished(task: asyncio.Task[Any]) -> None:
    _background.discard(task)
    if not task.cancelled() and task.exception() is not None:
        logger.error("sending a signal failed", exc_info=task.exception())
