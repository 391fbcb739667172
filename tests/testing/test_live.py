"""The LiveView test client: the example in docs/testing.md, refusals, sharing a socket."""

import time

import pytest
from django.conf import settings
from django.test import override_settings

from djwire.testing import (
    AsyncLiveViewTestClient,
    AsyncSocketTestClient,
    EventError,
    LiveViewTestClient,
    SocketTestClient,
)
from tests.testapp.views import CounterView, ItemsView


def test_the_example_in_the_docs():
    with LiveViewTestClient(CounterView) as client:
        client.mount()
        reply = client.send_event("increment", by=2)
        assert reply == {"v": 2, "d": {"0": "2"}}  # only the changed part was sent
        assert client.view.count == 2
        assert '<b id="count">2</b>' in client.html()
        assert '<b id="count">0</b>' in client.http_html  # the first render, over HTTP


def test_a_refused_event_raises_event_error_naming_the_event():
    with LiveViewTestClient(CounterView) as client:
        client.mount()
        with pytest.raises(EventError, match=r"event 'increment' was refused: bad_params: "):
            client.send_event("increment", by="three")
        assert client.view.count == 0
        with pytest.raises(AssertionError, match="expected to be refused"):
            client.send_event("increment", expect_error=True)
        assert client.view.count == 1  # it ran: the reply was not an error


def test_an_event_may_have_parameters_called_name_or_expect():
    with LiveViewTestClient(ItemsView) as client:
        client.mount(start=0)
        client.send_event("add", name="x", expect="y", text="new", at=0)
        assert client.view.items[0]["text"] == "new"


def test_two_views_share_one_sync_socket():
    with SocketTestClient() as socket:
        counter = LiveViewTestClient(CounterView, socket=socket)
        items = LiveViewTestClient(ItemsView, socket=socket)
        counter.mount()
        items.mount(start=0)
        counter.send_event("increment")
        items.send_event("bump")
        assert counter.view.count == 1 and items.view.counter == 1
        assert (counter.topic, items.topic) == ("lv:1", "lv:2")
        items.close()
        assert counter.send_event("increment")["v"] == 3


async def test_a_refused_join_raises_unless_asked_for():
    client = AsyncLiveViewTestClient(CounterView)
    await client.mount()
    with pytest.raises(EventError, match="joining CounterView on 'lv:2' was refused: bad_token"):
        await client.join_again(token="forged:abc")
    assert client.topic == "lv:1" and (await client.send_event("increment"))["v"] == 2
    await client.close()


async def test_closing_a_view_that_never_joined_leaves_the_shared_socket_alone():
    async with AsyncSocketTestClient() as socket:
        unused = AsyncLiveViewTestClient(CounterView, socket=socket)
        await unused.close()
        assert await socket.request("", "hb", {}) == {}


class SlowToJoinView(CounterView):
    """Mounts at once for the page, slowly for the socket (a big view resumed afresh)."""

    mounts = 0

    def mount(self, request, **kwargs):
        type(self).mounts += 1
        if type(self).mounts > 1:
            time.sleep(0.6)
        super().mount(request, **kwargs)


def test_a_slow_join_says_what_timed_out_and_how_to_wait_longer():
    with (
        override_settings(DJWIRE={**settings.DJWIRE, "handoff_ttl": 0}),  # the join mounts
        LiveViewTestClient(SlowToJoinView) as client,
        pytest.raises(AssertionError) as raised,
    ):
        client.mount(join_timeout=0.2)
    message = str(raised.value)
    assert "joining SlowToJoinView on 'lv:1'" in message
    assert "did not arrive within 0.2 s" in message
    assert "join_timeout=" in message
