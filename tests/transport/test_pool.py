"""The handler pool's settings: a bad value names the fix (issue 12); its threads, one call on
each of them."""

import asyncio
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from djwire.transport.pool import SyncPool, on_every_thread


@pytest.mark.parametrize(
    ("key", "value"), [("handler_threads", 0), ("handler_threads", "8"), ("handler_queue", -1)]
)
def test_a_bad_pool_setting_names_the_setting_and_the_fix(key, value):
    refused = pytest.raises(ImproperlyConfigured, match=rf"DJWIRE\['{key}'\] is .*at least")
    with override_settings(DJWIRE={**settings.DJWIRE, key: value}), refused:
        SyncPool()


async def test_the_pool_runs_calls_in_its_own_named_threads():
    pool = SyncPool(threads=2, queue=0)
    names = [await pool.run(lambda: threading.current_thread().name) for _ in range(3)]
    assert all(name.startswith("djwire-handler") for name in names)
    assert await pool.run_background(lambda: 42) == 42
    assert pool.waiting == 0


async def test_on_every_thread_runs_once_on_each_thread_of_each_pool():
    await SyncPool(threads=3, queue=0).run(lambda: None)
    threads = await asyncio.to_thread(on_every_thread, threading.current_thread)
    assert all(thread.name.startswith("djwire-handler") for thread in threads)
    assert len(set(threads)) == len(threads) >= 3  # one call on each thread, none twice


async def test_on_every_thread_says_which_wait_ran_out_when_a_thread_stays_busy():
    pool = SyncPool(threads=2, queue=0)
    started, release = threading.Event(), threading.Event()

    def busy():
        started.set()
        release.wait(timeout=10)

    running = asyncio.ensure_future(pool.run(busy))
    await asyncio.to_thread(started.wait, 5)
    try:
        with pytest.raises(TimeoutError, match=r"handler thread stayed busy for 0.2 s"):
            await asyncio.to_thread(on_every_thread, lambda: None, 0.2)
    finally:
        release.set()
        await running
