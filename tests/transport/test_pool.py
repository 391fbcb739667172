"""The handler pool's settings: a bad value names the fix (issue 12)."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from djwire.transport.pool import SyncPool


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
