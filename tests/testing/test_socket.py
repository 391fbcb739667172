"""The socket test client: several joins on one socket, request and reply, refusals raise."""

import pytest

from djwire import apush_to_view
from djwire.testing import (
    AsyncLiveViewTestClient,
    AsyncSocketTestClient,
    EventError,
    SocketTestClient,
    wait_until,
)
from tests.testapp.views import CounterView, NoteView


async def test_a_refused_request_raises_with_code_and_reason():
    async with AsyncSocketTestClient() as socket:
        with pytest.raises(EventError) as refused:
            await socket.request("", "dance", {})
    assert refused.value.code == "unknown_event"
    assert "knows only 'hb'" in refused.value.reason
    assert "unknown_event" in str(refused.value) and refused.value.reason in str(refused.value)


async def test_expect_error_returns_the_error_and_insists_on_one():
    async with AsyncSocketTestClient() as socket:
        error = await socket.request("", "dance", {}, expect_error=True)
        assert error["code"] == "unknown_event"
        with pytest.raises(AssertionError, match="expected to be refused") as accepted:
            await socket.request("", "hb", {}, expect_error=True)
    assert not isinstance(accepted.value, EventError)


async def test_views_on_one_socket_each_join_a_topic_and_get_their_own_frames():
    async with AsyncSocketTestClient() as socket:
        counter = AsyncLiveViewTestClient(CounterView, socket=socket)
        note = AsyncLiveViewTestClient(NoteView, socket=socket)
        await counter.mount()
        await note.mount(pk=7)
        assert (counter.topic, note.topic) == ("lv:1", "lv:2")
        await apush_to_view(NoteView, state={"content": "pushed"})
        frame = await note.receive()
        assert frame[1] == "lv:2" and note.view.content == "pushed"
        assert await counter.receive_nothing()
        assert (await counter.send_event("increment"))["v"] == 2
        await note.close()  # a shared socket: the view leaves, the socket stays
        with pytest.raises(LookupError):
            socket.server_join("lv:2")
        assert socket.server_join() is counter.server_join()
        assert (await counter.send_event("increment"))["v"] == 3


async def test_a_push_that_arrives_before_a_reply_stays_unread_for_receive():
    async with AsyncSocketTestClient() as socket:
        client = AsyncLiveViewTestClient(CounterView, socket=socket)
        await client.mount()
        await apush_to_view(CounterView, state={"count": 5})
        await wait_until(lambda: client.view.count == 5)
        assert (await client.send_event("increment"))["v"] == 3  # the push was version 2
        assert (await client.receive())[2:] == ["diff", {"v": 2, "d": {"0": "5"}}]
        assert client.html().count("6") >= 1 and client.version == 3


def test_the_sync_socket_client():
    with SocketTestClient() as socket:
        assert socket.request("", "hb", {}) == {}
        assert socket.send_raw('[7, "", "hb", {}]') == [7, "", "ok", {}]
        assert socket.receive_nothing()
        with pytest.raises(LookupError, match="holds joins of"):
            socket.server_join()
        assert socket.frames[-1] == [7, "", "ok", {}]
