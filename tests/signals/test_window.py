"""A signals window on the page's socket: topics, calls, permissions, runtime topics."""

import asyncio
import time

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory

from djwire.signals.grant import window_token
from djwire.signals.tasks import BROADCAST, SESSION, USER, atrigger, set_websocket_topics
from djwire.testing import AsyncSocketTestClient, wait_until
from tests.testapp import signals as test_signals

# The users are not saved: no database is needed, as a consumer's thread would hold its
# in-memory SQLite connection open into the next test.


def page_token(socket: AsyncSocketTestClient, *topics, user=None) -> str:
    """The window token a page of the socket's session gets from a view."""
    request = RequestFactory().get("/room/")
    request.session = socket.session
    request.user = user or AnonymousUser()
    set_websocket_topics(request, *topics)
    token = window_token(request)
    assert token is not None
    return token


async def open_window(*topics, user=None):
    socket = AsyncSocketTestClient(user=user)
    token = await sync(page_token)(socket, *topics, user=user)
    reply = await socket.join("sig:1", {"token": token})
    assert set(reply) == {"tk"}
    return socket


def sync(function):
    # database_sync_to_async closes the thread's connection afterwards, as a consumer does:
    # a connection left open there would trip the next test that has no database.
    from channels.db import database_sync_to_async

    return database_sync_to_async(function)


@pytest.fixture(autouse=True)
def no_calls_yet():
    test_signals.calls.clear()


async def test_a_signal_reaches_the_windows_of_its_topic_only():
    in_room = await open_window("room-5")
    elsewhere = await open_window("room-6")
    await atrigger(None, "chat.message", to=["room-5"], text="hi")
    frame = await in_room.receive("sig:1")
    assert frame[:3] == [None, "sig:1", "signal"]
    assert frame[3]["signal"] == "chat.message" and frame[3]["opts"] == {"text": "hi"}
    assert frame[3]["signal_id"]
    assert await elsewhere.receive_nothing(topic="sig:1")
    await in_room.close()
    await elsewhere.close()


async def test_broadcast_reaches_every_window_and_a_window_gets_a_signal_once():
    first, second = await open_window("a"), await open_window("b")
    await atrigger(None, "notice", to=[BROADCAST, "a"], n=1)  # `first` has both topics
    assert (await first.receive("sig:1"))[3]["opts"] == {"n": 1}
    assert (await second.receive("sig:1"))[3]["opts"] == {"n": 1}
    assert await first.receive_nothing(topic="sig:1")
    await first.close()
    await second.close()


async def test_user_reaches_every_window_of_that_user_only():
    alice, bob = User(pk=1, username="alice"), User(pk=2, username="bob")
    tab1, tab2 = await open_window(user=alice), await open_window(user=alice)
    other = await open_window(user=bob)
    await atrigger(None, "for.alice", to=[alice])  # a user is a topic too
    await atrigger(await sync(_request_of)(alice), "for.alice.again", to=USER)
    for tab in (tab1, tab2):
        names = [(await tab.receive("sig:1"))[3]["signal"] for _ in range(2)]
        assert names == ["for.alice", "for.alice.again"]
    assert await other.receive_nothing(topic="sig:1")
    for socket in (tab1, tab2, other):
        await socket.close()


def _request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


async def test_session_reaches_the_windows_of_one_session():
    first = await open_window()
    same_session = AsyncSocketTestClient(session=first.session)
    await same_session.join("sig:1", {"token": await sync(page_token)(same_session)})
    other = await open_window()
    request = RequestFactory().get("/")
    request.session = first.session
    request.user = AnonymousUser()
    await atrigger(request, "for.session", to=SESSION)
    assert (await first.receive("sig:1"))[3]["signal"] == "for.session"
    assert (await same_session.receive("sig:1"))[3]["signal"] == "for.session"
    assert await other.receive_nothing(topic="sig:1")
    for socket in (first, same_session, other):
        await socket.close()


async def test_a_browser_call_runs_the_signal_and_its_reply_reaches_the_window():
    window = await open_window()
    reply = await window.request("sig:1", "call", {"signal": "test.echo", "opts": {"text": "yo"}})
    assert reply == {}
    frame = await window.receive("sig:1", timeout=3)
    assert frame[3]["signal"] == "test.echoed" and frame[3]["opts"] == {"text": "yo"}
    assert test_signals.calls == [("test.echo", "yo")]
    await window.close()


@pytest.mark.parametrize(
    ("signal", "opts", "code", "reason"),
    [
        ("no.such", {}, "unknown_handler", "no signal is named 'no.such'"),
        ("test.private", {}, "forbidden", "may not call 'test.private'"),
        ("test.members", {}, "forbidden", "may not call 'test.members'"),
        ("test.typed", {"count": "x"}, "bad_params", "parameter 'count'"),
        ("test.typed", {}, "bad_params", "missing parameter 'count'"),
        ("test.typed", {"count": 1, "window_info": {}}, "bad_params", "set by the server"),
    ],
)
async def test_a_refused_call_is_answered_with_the_reason(signal, opts, code, reason):
    window = await open_window()
    error = await window.request(
        "sig:1", "call", {"signal": signal, "opts": opts}, expect_error=True
    )
    assert error["code"] == code and reason in error["reason"]
    assert test_signals.calls == []
    # The socket and the window go on.
    ok = await window.request("sig:1", "call", {"signal": "test.typed", "opts": {"count": 2}})
    assert ok == {}
    await wait_until(lambda: test_signals.calls == [("test.typed", 2)])
    await window.close()


async def test_permissions_are_checked_on_every_call():
    alice = User(pk=1, username="alice")
    window = await open_window(user=alice)
    assert await window.request("sig:1", "call", {"signal": "test.members", "opts": {}}) == {}
    await wait_until(lambda: test_signals.calls == [("test.members", "alice")])
    await window.close()


async def test_a_window_may_join_only_with_a_token_of_its_own_session():
    window = await open_window("secret-room")
    token = await sync(page_token)(window, "secret-room")
    thief = AsyncSocketTestClient()  # another session
    error = await thief.join("sig:1", {"token": token}, expect_error=True)
    assert error["code"] == "stale_session"  # refused; a reload gives the thief its own
    await thief.close()
    await window.close()


async def test_a_signal_can_change_the_topics_of_its_open_window():
    window = await open_window()
    await window.request("sig:1", "call", {"signal": "test.enter", "opts": {"room": "r9"}})
    frame = await window.receive("sig:1", timeout=3)
    assert frame[2] == "token" and frame[3]["tk"]  # re-joins with the new topics later
    await wait_until(lambda: ("test.enter", "r9") in test_signals.calls)

    async def reaches() -> bool:
        await atrigger(None, "in.r9", to=["r9"])
        return True

    await reaches()
    assert (await window.receive("sig:1", timeout=3))[3]["signal"] == "in.r9"
    await window.close()


async def test_a_signal_that_raises_is_logged_and_the_worker_goes_on(caplog):
    window = await open_window()
    assert await window.request("sig:1", "call", {"signal": "test.broken", "opts": {}}) == {}
    await wait_until(lambda: "test.broken" in caplog.text)
    # The signal, the function that raised (its dotted path) and the window.
    assert "signal test.broken (tests.testapp.signals.broken) raised, for window " in caplog.text
    await window.request("sig:1", "call", {"signal": "test.typed", "opts": {"count": 3}})
    await wait_until(lambda: ("test.typed", 3) in test_signals.calls)
    await window.close()


async def test_signals_sent_while_a_window_is_away_are_replayed_in_order_when_it_returns():
    first = await open_window("room-8")
    grant_token = _last_token(first)
    await first.close()  # the tab's socket drops...
    for n in range(3):
        await atrigger(None, "while.away", to=["room-8"], n=n)  # ...signals go on
    back = AsyncSocketTestClient(session=first.session)
    await back.join("sig:1", {"token": grant_token})
    received = [(await back.receive("sig:1"))[3]["opts"]["n"] for _ in range(3)]
    assert received == [0, 1, 2]
    await atrigger(None, "live.again", to=["room-8"])
    assert (await back.receive("sig:1"))[3]["signal"] == "live.again"
    assert await back.receive_nothing(topic="sig:1")  # nothing twice
    await back.close()


async def test_a_window_away_too_long_is_told_how_many_signals_it_missed(monkeypatch):
    from djwire.signals import parking

    monkeypatch.setattr(parking, "PARK_LIMIT", 2)
    first = await open_window("room-9")
    token = _last_token(first)
    await first.close()
    for n in range(5):
        await atrigger(None, "while.away", to=["room-9"], n=n)
    back = AsyncSocketTestClient(session=first.session)
    await back.join("sig:1", {"token": token})
    frames = [await back.receive("sig:1") for _ in range(3)]
    assert [f[3]["opts"]["n"] for f in frames[:2]] == [3, 4]  # the newest are kept
    assert frames[2][2] == "error" and frames[2][3]["code"] == "missed"
    assert frames[2][3]["reason"].startswith("3 signals sent while this window was away")
    await back.close()


def _last_token(socket: AsyncSocketTestClient) -> str:
    """The window token the socket's last join reply handed out."""
    replies = [f[3] for f in socket.frames if f[1] == "sig:1" and f[2] == "ok" and "tk" in f[3]]
    return str(replies[-1]["tk"])


async def test_a_browser_may_ask_for_a_delay_only_when_the_signal_allows_it():
    window = await open_window()
    refused = await window.request(
        "sig:1",
        "call",
        {"signal": "test.typed", "opts": {"count": 1}, "countdown": 5},
        expect_error=True,
    )
    assert refused["code"] == "bad_params" and "allow_client_delay=True" in refused["reason"]
    too_long = await window.request(
        "sig:1",
        "call",
        {"signal": "test.later", "opts": {"n": 1}, "countdown": 86400},
        expect_error=True,
    )
    assert "between 0 and 3600 seconds" in too_long["reason"]
    started = asyncio.get_running_loop().time()
    payload = {"signal": "test.later", "opts": {"n": 2}, "countdown": 0.2}
    assert await window.request("sig:1", "call", payload) == {}
    assert test_signals.calls == []  # accepted, and waiting
    await wait_until(lambda: test_signals.calls == [("test.later", 2)])
    assert asyncio.get_running_loop().time() - started >= 0.2
    await window.close()


async def test_a_signed_window_token_naming_a_module_to_import_is_refused_and_imports_nothing():
    """Issue 12: a token signed with a leaked key must not choose what the server imports."""
    import sys

    import orjson
    from django.core import signing

    from djwire.codec import TAG
    from djwire.transport.binding import session_binding
    from djwire.transport.tokens import ISSUED

    class RawJSON:
        def dumps(self, obj):
            return orjson.dumps(obj)

        def loads(self, data):
            return orjson.loads(data)

    sys.modules.pop("this", None)
    socket = AsyncSocketTestClient()
    await sync(socket.session.save)()
    claims = {
        ISSUED: int(time.time()),
        "w": "forged-window",
        "t": [{TAG: "enum", "v": ["this", "Anything", 1]}],
        "_s": session_binding(socket.session.session_key),
    }
    token = signing.dumps(claims, salt="djwire.window", serializer=RawJSON, compress=True)
    reply = await socket.join("sig:1", {"token": token}, expect_error=True)
    assert reply["code"] == "bad_token"
    assert "this" not in sys.modules
    await socket.close()
