"""A window's join and calls run on the handler pool, not Django's one sync thread (issue 12):
one window's slow permission check does not hold another window's call or join."""

import asyncio

from django.conf import settings
from django.test import override_settings

from djwire.testing import AsyncLiveViewTestClient, AsyncSocketTestClient, wait_until
from tests.signals.test_window import open_window, page_token, sync
from tests.testapp import signals as test_signals
from tests.testapp.views import CounterView


def setup_function():
    test_signals.gate.clear()
    test_signals.gate_entered.clear()
    test_signals.gate_seen.clear()
    test_signals.calls.clear()


async def call(window, name):
    return await window.request("sig:1", "call", {"signal": name, "opts": {}})


async def test_a_slow_permission_check_does_not_hold_another_windows_call_or_a_liveview():
    slow, other = await open_window(), await open_window()
    counter = AsyncLiveViewTestClient(CounterView)
    await counter.mount()
    waiting = asyncio.create_task(call(slow, "test.wait_for_gate"))
    await asyncio.to_thread(test_signals.gate_entered.wait, 5)
    # While the first window's check still runs: a LiveView event, then the other window's
    # call, whose check opens the gate the first one waits for.
    assert (await counter.send_event("increment"))["v"] == 2
    assert await call(other, "test.open_gate") == {}
    assert await waiting == {}
    assert test_signals.gate_seen[0] == "opened"  # the two checks ran at once
    for socket in (slow, other):
        await socket.close()
    await counter.close()


async def test_a_window_joins_while_another_windows_check_runs():
    slow = await open_window()
    waiting = asyncio.create_task(call(slow, "test.wait_for_gate"))
    await asyncio.to_thread(test_signals.gate_entered.wait, 5)
    joining = AsyncSocketTestClient()
    assert "tk" in await joining.join("sig:1", {"token": await sync(page_token)(joining)})
    assert await call(joining, "test.open_gate") == {}
    await waiting
    assert test_signals.gate_seen[0] == "opened"
    await slow.close()
    await joining.close()


async def test_a_full_pool_refuses_a_call_with_overloaded_and_does_not_run_it():
    with override_settings(DJWIRE={**settings.DJWIRE, "handler_threads": 1, "handler_queue": 0}):
        slow, other = await open_window(), await open_window()
        waiting = asyncio.create_task(call(slow, "test.wait_for_gate"))
        await asyncio.to_thread(test_signals.gate_entered.wait, 5)
        refused = await other.request(
            "sig:1", "call", {"signal": "test.open_gate", "opts": {}}, expect_error=True
        )
        assert refused["code"] == "overloaded"
        assert not test_signals.gate.is_set()  # its check did not run
        test_signals.gate.set()
        await waiting
        await wait_until(lambda: ("test.wait_for_gate", None) in test_signals.calls)
        assert ("test.open_gate", None) not in test_signals.calls
        for socket in (slow, other):
            await socket.close()
