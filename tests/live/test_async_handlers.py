"""``async def`` event handlers: run on the event loop, in order with the view's other events
and pushes, their changes tracked and patched as a sync handler's are (issue 8)."""

import asyncio
from typing import Any

from djwire import LiveView, apush_to_view, state
from djwire.decorators import event_handler
from djwire.testing import AsyncLiveViewTestClient


class AsyncCounterView(LiveView):
    template_name = "testapp/counter.html"
    count = state(default=1)
    # Set by a test to hold ``double`` at its await; the handler runs on the test's loop.
    gate: asyncio.Event | None = None

    @event_handler
    async def double(self, **kwargs: Any) -> None:
        if AsyncCounterView.gate is not None:
            await AsyncCounterView.gate.wait()
        self.count *= 2

    @event_handler
    def increment(self, by: int = 1, **kwargs: Any) -> None:
        self.count += by

    @event_handler
    async def explode(self, **kwargs: Any) -> None:
        self.count = 100
        await asyncio.sleep(0)
        raise RuntimeError("boom")

    async def add_from_push(self, by: int = 1) -> None:
        await asyncio.sleep(0)
        self.count += by


async def test_a_click_on_an_async_handler_patches_the_page():
    async with AsyncLiveViewTestClient(AsyncCounterView) as client:
        await client.mount()
        reply = await client.send_event("double")
        assert reply["d"] == {"0": "2"}
        await client.send_event("double")
        await client.send_event("double")
        assert client.view.count == 8
        assert '<b id="count">8</b>' in client.html()
        assert '<p class="big">big</p>' in client.html()


async def test_a_following_sync_event_runs_after_the_async_handler():
    AsyncCounterView.gate = asyncio.Event()
    try:
        async with AsyncLiveViewTestClient(AsyncCounterView) as client:
            await client.mount()
            socket, topic = client.socket, client.topic
            first = await socket.send(topic, "event", {"e": "double", "p": {}})
            second = await socket.send(topic, "event", {"e": "increment", "p": {"by": 1}})
            AsyncCounterView.gate.set()
            replies = [await socket.receive(topic) for _ in range(2)]
            count = client.view.count
    finally:
        AsyncCounterView.gate = None
    # (1 * 2) + 1: the double finished before the increment ran; the replies in that order.
    assert [(f[0], f[3]["v"]) for f in replies] == [(first, 2), (second, 3)]
    assert count == 3 and '<b id="count">3</b>' in client.html()


async def test_a_push_arriving_while_an_async_handler_awaits_is_applied_after_it():
    AsyncCounterView.gate = asyncio.Event()
    try:
        async with AsyncLiveViewTestClient(AsyncCounterView) as client:
            await client.mount()
            event = asyncio.create_task(client.send_event("double"))
            await asyncio.sleep(0.01)  # the handler is waiting at its gate
            await apush_to_view(AsyncCounterView, state={"count": 10})
            AsyncCounterView.gate.set()
            reply = await event
            diff = await client.receive()
            count = client.view.count
    finally:
        AsyncCounterView.gate = None
    assert reply == {"v": 2, "d": {"0": "2"}}
    assert diff[2] == "diff" and (diff[3]["v"], diff[3]["d"]["0"]) == (3, "10")
    assert count == 10


async def test_an_async_handler_that_raises_is_refused_and_rolled_back():
    async with AsyncLiveViewTestClient(AsyncCounterView) as client:
        await client.mount()
        error = await client.send_event("explode", expect_error=True)
        assert error["code"] == "handler_error"
        # The exception's type is named in DEBUG only.
        assert error["reason"].startswith("AsyncCounterView.explode raised")
        assert client.view.count == 1
        assert (await client.send_event("double"))["d"] == {"0": "2"}


async def test_a_push_may_name_an_async_handler():
    async with AsyncLiveViewTestClient(AsyncCounterView) as client:
        await client.mount()
        await apush_to_view(AsyncCounterView, handler="add_from_push", payload={"by": 4})
        frame = await client.receive()
        assert frame[2:] == ["diff", {"v": 2, "d": {"0": "5"}}]
        assert client.view.count == 5
