"""An event loop in a thread of its own: what the synchronous test clients run on."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class LoopThread:
    """Runs coroutines for plain (synchronous) test functions, one at a time."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    @property
    def closed(self) -> bool:
        """True once :meth:`stop` ran."""
        return self._loop.is_closed()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        """Run ``coroutine`` on the loop and wait for its result (or its exception)."""
        if self._loop.is_closed():
            coroutine.close()
            raise RuntimeError("the test client is closed")
        name = getattr(coroutine, "__qualname__", "the call")
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError(f"{name} did not finish within {timeout:g} s") from None

    def stop(self) -> None:
        """Stop the loop and its thread; later calls do nothing."""
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()
