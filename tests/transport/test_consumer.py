"""The socket answers every bad input with an error frame and stays open."""

import logging

import orjson
import pytest
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from djwire.routing import get_asgi_application
from djwire.testing import AsyncLiveViewTestClient
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
    reply = await client.send_event(name)
    assert reply["code"] == "unknown_handler"
    assert why in reply["reason"]
    assert client.view.count == 0


async def test_bad_params_are_refused_and_state_is_unchanged(client):
    reply = await client.send_event("increment", by="three")
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
        reply = await client.send_event("explode")
    assert reply["code"] == "handler_error"
    assert "CounterView.explode raised RuntimeError" in reply["reason"]
    assert client.view.count == 1  # the +100 before the raise was rolled back
    assert any("rolled back" in r.getMessage() for r in caplog.records)
    reply = await client.send_event("increment")
    assert client.view.count == 2 and '<b id="count">2</b>' in client.html()


async def test_event_rate_is_limited():
    with override_settings(DJWIRE={"event_rate": 1, "event_burst": 2}):
        client = AsyncLiveViewTestClient(CounterView)
        await client.mount()
        codes = [(await client.send_event("increment")).get("code") for _ in range(4)]
        await client.close()
    assert codes[:2] == [None, None]
    assert "rate_limited" in codes[2:]


async def test_forged_token_is_refused():
    client = AsyncLiveViewTestClient(CounterView)
    await client.mount()
    reply = await client._request("join", {"pv": 1, "token": "forged:abc", "v": 1})
    assert reply["code"] == "already_joined"
    client.topic = "lv:2"
    reply = await client._request("join", {"pv": 1, "token": "forged:abc", "v": 1})
    assert reply == {"code": "bad_token", "reason": "join token signature is not valid"}
    reply = await client._request("join", {"pv": 1, "v": 1})
    assert reply["code"] == "bad_token"
    await client.close()


async def test_a_join_from_a_client_of_another_protocol_version_is_told_to_reload():
    client = AsyncLiveViewTestClient(CounterView)
    await client.mount()
    client.topic = "lv:2"
    token = client.http_html.split('dj-token="')[1].split('"')[0]
    for version in (None, 0, 2):
        reply = await client._request("join", {"pv": version, "token": token, "v": 1})
        assert reply["code"] == "protocol_mismatch"
        assert "reload the page" in reply["reason"]
    await client.close()


async def test_token_of_another_session_is_refused():
    first = AsyncLiveViewTestClient(CounterView)
    await first.mount()
    token = orjson.loads(orjson.dumps(first.http_html.split('dj-token="')[1].split('"')[0]))
    second = AsyncLiveViewTestClient(CounterView)
    await second.mount()
    second.topic = "lv:2"
    reply = await second._request("join", {"pv": 1, "token": token, "v": 1})
    assert reply == {"code": "bad_token", "reason": "join token belongs to another session"}
    await first.close()
    await second.close()


async def test_expired_token_is_refused():
    with override_settings(DJWIRE={"join_token_max_age": -1}):
        client = AsyncLiveViewTestClient(CounterView)
        reply = await client.mount()
        await client.close()
    assert reply["code"] == "token_expired" and "reload the page" in reply["reason"]


async def test_socket_from_a_foreign_origin_is_refused():
    application = get_asgi_application()
    good = WebsocketCommunicator(
        application, "/djwire/ws/", headers=[(b"origin", b"http://testserver")]
    )
    connected, _ = await good.connect()
    assert connected
    await good.disconnect()
    evil = WebsocketCommunicator(
        application, "/djwire/ws/", headers=[(b"origin", b"http://evil.example")]
    )
    connected, _ = await evil.connect()
    assert not connected
