"""Everything a browser sends is bounded (issue 12): the shape of a payload, frames and joins
per second, joins per socket and per token, sockets per session and address, bytes, log lines;
a reader that stalls is cut off. Each limit holds for LiveView joins and signals windows."""

import asyncio
import logging

import orjson
import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.sessions.backends.cache import SessionStore
from django.db import connection
from django.test import override_settings

from djwire import LiveView, state
from djwire.decorators import event_handler
from djwire.testing import AsyncLiveViewTestClient, AsyncSocketTestClient
from djwire.transport import SocketConsumer
from djwire.transport.pool import get_pool
from tests.helpers import window_token_for
from tests.testapp.views import CounterView

DEEP = "[" * 1000 + "]" * 1000  # ~2 KB: a list nested 1,000 deep


@pytest.fixture
async def client():
    client = AsyncLiveViewTestClient(CounterView)
    await client.mount()
    yield client
    await client.close()


async def open_window(socket, topic="sig:1", token=None, expect_error=False):
    if token is None:
        token = await database_sync_to_async(window_token_for)(socket.session, "room-1")
    return await socket.join(topic, {"token": token}, expect_error=expect_error)


async def alive(socket):
    return await socket.send_raw('[999, "", "hb", {}]') == [999, "", "ok", {}]


# -- a frame never kills a socket -------------------------------------------------------------


async def test_an_event_nested_1000_deep_is_bad_params_and_the_socket_lives(client):
    frame = await client.send_raw(
        '[1, "lv:1", "event", {"e": "increment", "p": {"by": ' + DEEP + "}}]"
    )
    assert frame[:3] == [1, "lv:1", "error"]
    assert frame[3]["code"] == "bad_params"
    assert "max_params_depth" in frame[3]["reason"]
    assert client.view.count == 0
    assert await alive(client.socket)
    await client.send_event("increment")  # the view goes on
    assert client.view.count == 1


async def test_a_window_call_nested_1000_deep_is_bad_params_and_the_socket_lives():
    async with AsyncSocketTestClient() as socket:
        await open_window(socket)
        call = '{"signal": "test.typed", "opts": {"count": ' + DEEP + "}}"
        frame = await socket.send_raw(f'[1, "sig:1", "call", {call}]')
        assert frame[2:4] == ["error", frame[3]] and frame[3]["code"] == "bad_params"
        assert await alive(socket)


async def test_a_payload_with_too_many_values_is_bad_params(client):
    with override_settings(DJWIRE={"max_params_items": 100}):
        frame = await client.send_raw(
            orjson.dumps(
                [1, "lv:1", "event", {"e": "increment", "p": {"ids": list(range(500))}}]
            ).decode()
        )
    assert frame[3]["code"] == "bad_params" and "max_params_items" in frame[3]["reason"]


# -- bytes, not characters --------------------------------------------------------------------


async def test_the_size_limit_counts_utf8_bytes_not_characters(client):
    text = "é" * 40_000  # 40,000 characters, 80,000 bytes: over the 64 KiB limit
    frame = await client.send_raw(
        f'[1, "lv:1", "event", {{"e": "increment", "p": {{"x": "{text}"}}}}]'
    )
    assert frame[3]["code"] == "too_large"
    assert "80" in frame[3]["reason"] and "bytes" in frame[3]["reason"]
    assert client.view.count == 0


# -- rates ------------------------------------------------------------------------------------


async def test_heartbeats_are_rate_limited_too():
    with override_settings(DJWIRE={"event_rate": 1, "event_burst": 3}):
        async with AsyncSocketTestClient(rate_limited=True) as socket:
            frames = [await socket.send_raw(f'[{i}, "", "hb", {{}}]') for i in range(6)]
    codes = [f[3].get("code") for f in frames]
    assert codes[:3] == [None, None, None]
    assert codes[3:] == ["rate_limited"] * 3
    assert [f[0] for f in frames] == list(range(6))  # each refusal answers its frame


async def test_joins_are_rate_limited():
    with override_settings(DJWIRE={"join_rate": 1, "join_burst": 2}):
        async with AsyncSocketTestClient(rate_limited=True) as socket:
            replies = [await open_window(socket, f"sig:{i}", expect_error=i >= 2) for i in range(3)]
    assert replies[2]["code"] == "rate_limited" and "join_rate" in replies[2]["reason"]


# -- joins per socket and per token -------------------------------------------------------------


async def test_a_socket_holds_at_most_max_joins_per_socket():
    with override_settings(DJWIRE={"max_joins_per_socket": 2}):
        async with AsyncSocketTestClient() as socket:
            await open_window(socket, "sig:1")
            await open_window(socket, "sig:2")
            reply = await open_window(socket, "sig:3", expect_error=True)
            assert reply["code"] == "too_many_joins"
            assert "max_joins_per_socket" in reply["reason"]
            await socket.leave("sig:1")
            await open_window(socket, "sig:3")  # a join left makes room


async def test_one_window_token_joins_at_most_max_joins_per_token_across_sockets():
    with override_settings(DJWIRE={"max_joins_per_token": 2}):
        first = AsyncSocketTestClient()
        token = await database_sync_to_async(window_token_for)(first.session, "room-1")
        second = AsyncSocketTestClient(session=first.session)
        await open_window(first, "sig:1", token)
        await open_window(second, "sig:1", token)
        reply = await open_window(first, "sig:2", token, expect_error=True)
        assert reply["code"] == "too_many_joins"
        assert "max_joins_per_token" in reply["reason"]
        await second.close()  # the socket went: its join no longer counts
        await open_window(first, "sig:2", token)
        await first.close()


async def test_one_liveview_token_joins_at_most_max_joins_per_token(client):
    with override_settings(DJWIRE={"max_joins_per_token": 2}):
        await client.join_again("lv:2")
        reply = await client.join_again("lv:3", expect_error=True)
    assert reply["code"] == "too_many_joins"


# -- sockets per session and per address ----------------------------------------------------------


async def connect(session=None, address="10.0.0.1", cookies=None):
    communicator = WebsocketCommunicator(SocketConsumer.as_asgi(), "/djwire/ws/")
    communicator.scope["client"] = (address, 5000)
    if session is not None:
        communicator.scope["session"] = session
    if cookies is not None:
        communicator.scope["cookies"] = cookies
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def refused(communicator):
    frame = orjson.loads(await communicator.receive_from())
    closed = await communicator.receive_output()
    return frame[3]["code"], closed


@pytest.mark.parametrize(
    ("setting", "same_session"),
    [("max_sockets_per_session", True), ("max_sockets_per_address", False)],
)
async def test_sockets_are_capped_per_session_and_per_address(setting, same_session):
    session = await database_sync_to_async(_saved_session)()
    with override_settings(DJWIRE={setting: 2}):
        sockets = [await connect(session if same_session else None, "10.0.0.1") for _ in range(3)]
        code, closed = await refused(sockets[2])
        assert code == "too_many_sockets"
        assert closed == {"type": "websocket.close", "code": 4029, "reason": "too_many_sockets"}
        await sockets[0].disconnect()
        again = await connect(session if same_session else None, "10.0.0.1")
        assert await again.receive_nothing()  # room again: not refused
    for socket in [sockets[1], again]:
        await socket.disconnect()


async def test_the_sockets_of_an_anonymous_browser_count_as_its_session():
    """An anonymous browser has no session made for it (its tokens are bound to its CSRF
    cookie): its sockets are capped as one session's, by that cookie."""
    browser, other = {"csrftoken": "a" * 32}, {"csrftoken": "b" * 32}
    with override_settings(DJWIRE={"max_sockets_per_session": 2}, MIDDLEWARE=CSRF_MIDDLEWARE):
        sockets = [await connect(SessionStore(), cookies=browser) for _ in range(3)]
        code, _ = await refused(sockets[2])
        assert code == "too_many_sockets"
        another = await connect(SessionStore(), cookies=other)
        assert await another.receive_nothing()  # another browser: not counted with it
    for socket in [*sockets[:2], another]:
        await socket.disconnect()


CSRF_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]


def _saved_session():
    session = SessionStore()
    session.save()
    return session


# -- slow readers -------------------------------------------------------------------------------


async def test_a_reader_that_stalls_is_closed_with_4008_and_its_joins_leave(client, caplog):
    consumer = client.socket._consumer
    stalled = asyncio.Event()

    async def never_written(text):
        await stalled.wait()

    consumer.outbox._write = never_written  # the browser stopped reading
    consumer.outbox.send_timeout = 0.05
    await client.socket.send("lv:1", "event", {"e": "increment"})
    closed = await client.socket._communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": 4008, "reason": "too_slow"}
    assert consumer.joins == {}  # released at once, not when the server gives up
    for _ in range(5):
        await client.socket.send("", "hb", {})
    await asyncio.sleep(0.1)
    assert caplog.text.count("does not keep up") == 1  # logged once
    client.socket._communicator = None


# -- logs ------------------------------------------------------------------------------------


async def test_refusals_log_a_bounded_number_of_short_lines(client, caplog):
    caplog.set_level(logging.WARNING, "djwire")
    topic = "x" * 60_000
    with override_settings(DJWIRE={"log_lines_per_minute": 5}):
        socket = AsyncSocketTestClient(session=client.socket.session)
        for ref in range(50):
            frame = await socket.send_raw(orjson.dumps([ref, topic, "event", {}]).decode())
            assert frame[3]["code"] == "unknown_topic"
            assert len(frame[3]["reason"]) < 300  # the echo is cut
        await socket.close()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 6  # 5 lines, then one saying how many were held back
    assert all(len(line) < 1000 for line in lines)
    assert "suppressed 45 log lines" in lines[-1]


# -- DEBUG's query log --------------------------------------------------------------------------


class QueryingView(LiveView):
    template_name = "testapp/counter.html"
    count = state(default=0)

    @event_handler
    def increment(self) -> None:
        # What a query does under DEBUG, without a database (see the note in test_window.py).
        connection.queries_log.append({"sql": "SELECT 1", "time": "0.000"})
        self.count += 1


async def test_debug_query_log_is_reset_per_frame_as_django_does_per_request():
    # One handler thread: the log read is the one the handler wrote to.
    with override_settings(DEBUG=True, DJWIRE={**settings.DJWIRE, "handler_threads": 1}):
        client = AsyncLiveViewTestClient(QueryingView)
        await client.mount()
        for _ in range(5):
            await client.send_event("increment")
        logged = await get_pool().run(lambda: len(connection.queries_log))
        assert client.view.count == 5
        await client.close()
    assert logged == 0
