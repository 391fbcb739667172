"""trigger / atrigger / trigger_signal: destinations, delays, sync and async callers."""

import asyncio
import time

import pytest
from django.test import RequestFactory, override_settings

from djwire.signals.tasks import (
    BROADCAST,
    SERVER,
    SYNC,
    WINDOW,
    atrigger,
    get_expected_queues,
    trigger,
    trigger_signal,
)
from djwire.signals.testing import SignalQueue
from djwire.signals.window_info import WindowInfo
from djwire.testing import wait_until
from tests.testapp import signals as test_signals


@pytest.fixture(autouse=True)
def no_calls_yet():
    test_signals.calls.clear()


def test_signal_queue_records_both_sides_in_order_and_runs_them_first_in_first():
    window_info = WindowInfo()
    with SignalQueue() as queue:
        trigger(window_info, "test.typed", to=[SERVER, "room"], count="1")
        trigger(window_info, "test.typed", to=[SERVER, "room"], count="2")
    assert queue.ws_signals["key.room"] == [
        ("test.typed", {"count": "1"}),
        ("test.typed", {"count": "2"}),
    ]
    first, _ = queue.python_signals["celery"]
    assert first[0] == "test.typed" and first[2] == {"count": "1"} and first[5] is True
    assert test_signals.calls == []  # recorded, not run
    queue.execute_delayed_signals()
    assert test_signals.calls == [("test.typed", 1), ("test.typed", 2)]


def test_to_none_means_the_user_and_window_is_the_origin_window():
    window_info = WindowInfo.from_request(RequestFactory().get("/"))
    with SignalQueue() as queue:
        trigger(None, "x")  # USER, and no user: nobody to reach, and nothing raises
        trigger(window_info, "y", to=[WINDOW, BROADCAST])
    assert dict(queue.ws_signals) == {
        f"window.{window_info.window_key}": [("y", {})],
        "all": [("y", {})],
    }


def test_sync_runs_the_server_function_in_the_calling_thread():
    trigger(None, "test.typed", to=[SYNC], count="7")
    assert test_signals.calls == [("test.typed", 7)]


def test_trigger_is_safe_inside_a_running_event_loop():
    async def from_async_code() -> None:
        trigger(None, "test.typed", to=[SERVER], count="3")  # df_websockets raises here
        await atrigger(None, "test.typed", to=[SERVER], count="4")

    asyncio.run(from_async_code())
    assert_eventually({("test.typed", 3), ("test.typed", 4)})


def test_a_countdown_delays_the_server_part_in_the_thread_worker():
    start = time.monotonic()
    trigger_signal(None, "test.typed", to=[SERVER], kwargs={"count": "5"}, countdown=0.2)
    assert test_signals.calls == []
    assert_eventually({("test.typed", 5)})
    assert time.monotonic() - start >= 0.2


def test_a_delayed_signal_to_windows_is_recorded_for_them():
    with SignalQueue() as queue:
        trigger_signal(None, "later", to=[BROADCAST], kwargs={"a": 1}, countdown=30)
    assert queue.ws_signals["all"] == [("later", {"a": 1})]
    assert not queue.python_signals


def test_an_expired_signal_is_not_run():
    trigger_signal(
        None, "test.typed", to=[SERVER], kwargs={"count": 1}, countdown=0.1, expires=0.05
    )
    time.sleep(0.3)  # an absence takes time to show
    assert test_signals.calls == []


def test_the_expected_queues_are_those_of_the_registered_signals():
    assert "celery" in get_expected_queues()


@override_settings(WEBSOCKET_DEFAULT_QUEUE="fast")
def test_df_websockets_setting_names_are_honoured():
    assert "fast" in get_expected_queues()


def test_a_request_is_a_window_info_origin():
    request = RequestFactory().get("/")
    with SignalQueue() as queue:
        trigger(request, "y", to=[BROADCAST])
    assert queue.ws_signals["all"] == [("y", {})]


def assert_eventually(expected: set) -> None:
    asyncio.run(wait_until(lambda: expected <= set(test_signals.calls), timeout=3))


def test_signal_queue_records_what_async_code_triggers_too():
    async def from_async_code() -> None:
        await atrigger(None, "async.one", to=[BROADCAST], n=1)
        trigger(None, "sync.in.a.loop", to=[BROADCAST], n=2)
        await asyncio.sleep(0)  # the sync call's browser part runs as a task of this loop

    with SignalQueue() as queue:
        asyncio.run(from_async_code())
    assert queue.ws_signals["all"] == [("async.one", {"n": 1}), ("sync.in.a.loop", {"n": 2})]
