"""The socket answers every bad input with an error frame and stays open."""

import asyncio
import logging

import pytest
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from djwire.routing import get_asgi_application
from djwire.testing import AsyncLiveViewTestClient, EventError
from tests.testapp.views import CounterView


@pytest.fixture
async def client():
    client = AsyncLiveViewTestClient(CounterView)
    await client.mount()
    yield client
    await client.close()


async def heartbeat_works(client):
    frame = await client.send_raw('[99, "", "hb", {}]')
    return frame == [99, "", "ok", {}]


async def test_non_json_gets_bad_frame_and_socket_stays_open(client):
    frame = await client.send_raw("this is not json")
    assert frame[2] == "error"
    assert frame[3]["code"] == "bad_frame"
    assert "JSON" in frame[3]["reason"]
    assert await heartbeat_works(client)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}',
        "[1, 2, 3]",
        '[1, 5, "event", {}]',
        '["x", "lv:1", "event", {}]',
        '[1, "", "hb", []]',
    ],
)
async def test_frames_of_the_wrong_shape_get_bad_frame(client, text):
    frame = await client.send_raw(text)
    assert frame[2:] == ["error", frame[3]] and frame[3]["code"] == "bad_frame"
    assert await heartbeat_works(client)


async def test_oversized_frame_is_refused_without_reading_it(client):
    frame = await client.send_raw(
        '[1, "lv:1", "event", {"e": "increment", "p": {"x": "' + "a" * 70000 + '"}}]'
    )
    assert frame[3]["code"] == "too_large"
    assert "max_message_bytes" in frame[3]["reason"]
    assert client.view.count == 0
    assert await heartbeat_works(client)


async def test_event_for_a_topic_not_joined(client):
    frame = await client.send_raw('[5, "lv:9", "event", {"e": "increment"}]')
    assert frame == [5, "lv:9", "error", frame[3]]
    assert frame[3]["code"] == "unknown_topic"


async def test_unknown_socket_event(client):
    frame = await client.send_raw('[5, "", "dance", {}]')
    assert frame[3]["code"] == "unknown_event"


async def test_joining_twice(client):
    frame = await client.send_raw('[5, "lv:1", "join", {"pv": 1, "token": "x"}]')
    assert frame[3]["code"] == "already_joined"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("not_a_handler", "not marked @event_handler"),
        ("_on_private", "private"),
        ("mount", "not marked @event_handler"),
        ("nope", "no @event_handler named 'nope'"),
        ("__init__", "private"),
    ],
)
async def test_only_event_handlers_are_callable(client, name, why):
    with override_settings(DEBUG=True):
        reply = await client.send_event(name, expect_error=True)
    assert reply["code"] == "unknown_handler"
    assert why in reply["reason"]
    assert client.view.count == 0


@pytest.mark.parametrize("name", ["not_a_handler", "mount", "nope"])
async def test_outside_debug_a_refusal_does_not_tell_which_methods_exist(client, name):
    """Issue 12: a browser probing names must not learn the view's method names."""
    reply = await client.send_event(name, expect_error=True)
    assert reply == {
        "code": "unknown_handler",
        "reason": f"CounterView has no @event_handler named {name!r}",
    }


async def test_bad_params_are_refused_and_state_is_unchanged(client):
    reply = await client.send_event("increment", by="three", expect_error=True)
    assert reply == {
        "code": "bad_params",
        "reason": "increment: parameter 'by': expected int, got 'three'",
    }
    assert client.view.count == 0
    reply = await client.send_event("increment", by="3")
    assert reply["v"] == 2 and client.view.count == 3


async def test_exception_in_handler_rolls_back_and_keeps_the_socket(client, caplog):
    await client.send_event("increment")
    with caplog.at_level(logging.ERROR, logger="djwire.live"):
        reply = await client.send_event("explode", expect_error=True)
    assert reply["code"] == "handler_error"
    assert "CounterView.explode raised an exception" in reply["reason"]
    assert client.view.count == 1  # the +100 before the raise was rolled back
    assert any("rolled back" in r.getMessage() for r in caplog.records)
    reply = await client.send_event("increment")
    assert client.view.count == 2 and '<b id="count">2</b>' in client.html()


async def test_a_crash_names_its_exception_only_in_debug(client):
    # Production (tests.settings: DEBUG off): the frame says what failed, never the exception.
    reply = await client.send_event("explode", expect_error=True)
    assert reply == {
        "code": "handler_error",
        "reason": "CounterView.explode raised an exception",
    }
    with override_settings(DEBUG=True):
        reply = await client.send_event("explode", expect_error=True)
    assert reply == {
        "code": "handler_error",
        "reason": "CounterView.explode raised RuntimeError: boom",
        "exception": "RuntimeError",
    }


async def outcomes(client, count):
    """The error code of each of ``count`` increments (None for those that ran)."""
    codes = []
    for _ in range(count):
        try:
            await client.send_event("increment")
            codes.append(None)
        except EventError as error:
            codes.append(error.code)
    return codes


async def test_event_rate_is_limited():
    # A burst of 3 frames: the join, then two events.
    with override_settings(DJWIRE={"event_rate": 1, "event_burst": 3}):
        client = AsyncLiveViewTestClient(CounterView, rate_limited=True)
        await client.mount()
        codes = await outcomes(client, 4)
        await client.close()
    assert codes[:2] == [None, None]
    assert "rate_limited" in codes[2:]


async def test_test_clients_are_not_rate_limited_unless_asked():
    with override_settings(DJWIRE={"event_rate": 1, "event_burst": 2}):
        client = AsyncLiveViewTestClient(CounterView)
        await client.mount()
        codes = await outcomes(client, 20)
        await client.close()
    assert codes == [None] * 20 and client.version == 21


async def test_forged_token_is_refused():
    client = AsyncLiveViewTestClient(CounterView)
    await client.mount()
    reply = await client.join_again("lv:1", token="forged:abc", version=1, expect_error=True)
    assert reply["code"] == "already_joined"
    reply = await client.join_again(token="forged:abc", version=1, expect_error=True)
    assert reply == {"code": "bad_token", "reason": "join token signature is not valid"}
    reply = await client.socket.join("lv:3", {"v": 1}, expect_error=True)  # no token at all
    assert reply["code"] == "bad_token"
    await client.close()


async def test_a_join_from_a_client_of_another_protocol_version_is_told_to_reload():
    client = AsyncLiveViewTestClient(CounterView)
    await client.mount()
    for version in (None, 0, 2):
        reply = await client.join_again(extra={"pv": version}, expect_error=True)
        assert reply["code"] == "protocol_mismatch"
        assert "reload the page" in reply["reason"]
    await client.close()


async def test_token_of_another_session_is_refused():
    first = AsyncLiveViewTestClient(CounterView)
    await first.mount()
    second = AsyncLiveViewTestClient(CounterView)
    await second.mount()
    reply = await second.join_again(token=first.token, version=1, expect_error=True)
    assert reply["code"] == "stale_session"  # refused, and the page is told a reload cures it
    assert "another session" in reply["reason"] and "reload the page" in reply["reason"]
    await first.close()
    await second.close()


async def test_expired_token_is_refused():
    with override_settings(DJWIRE={"join_token_max_age": -1}):
        client = AsyncLiveViewTestClient(CounterView)
        reply = await client.mount(expect_error=True)
        await client.close()
    assert reply["code"] == "token_expired" and "reload the page" in reply["reason"]


async def test_socket_from_a_foreign_origin_is_refused():
    application = get_asgi_application()
    good = WebsocketCommunicator(
        application,
        "/djwire/ws/",
        headers=[(b"host", b"testserver"), (b"origin", b"http://testserver")],
    )
    connected, _ = await good.connect()
    assert connected
    await good.disconnect()
    evil = WebsocketCommunicator(
        application,
        "/djwire/ws/",
        headers=[(b"host", b"testserver"), (b"origin", b"http://evil.example")],
    )
    connected, _ = await evil.connect()
    assert not connected


async def test_an_idle_socket_runs_no_task_waiting_for_its_next_frame():
    # Issue 13: Channels' consumer awaits each receive() in a task of its own (through
    # asyncio.wait), a second task and its futures per idle socket; djwire's awaits it in the
    # socket's own task. What an idle joined socket adds: its own task only (its outbox writes
    # frames without a task of its own while the socket takes them).
    first = AsyncLiveViewTestClient(CounterView)
    await first.mount()  # the process's own tasks (the saver...) are running now
    before = asyncio.all_tasks()
    second = AsyncLiveViewTestClient(CounterView)
    try:
        await second.mount()
        await asyncio.sleep(0.1)
        added = sorted(t.get_coro().__qualname__ for t in asyncio.all_tasks() - before)
        assert added == ["AsyncSocketTestClient.connect.<locals>.ObservedConsumer"], added
        assert second.view.count == 0 and await heartbeat_works(second)
    finally:
        await second.close()
        await first.close()
