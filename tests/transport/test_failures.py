"""A failure inside djwire costs the frame, never the socket or its other joins."""

import asyncio
import contextlib

import orjson
import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from djwire.live.join import TICK_TASK
from djwire.pubsub import get_hub
from djwire.testing import AsyncLiveViewTestClient
from djwire.transport import SocketConsumer, register_join_kind
from djwire.transport.joins import _kinds
from tests.helpers import window_token_for
from tests.testapp.views import TickView


class BrokenJoin:
    async def start(self) -> None:
        pass

    async def handle(self, ref, event, payload) -> None:
        raise RuntimeError("a bug")

    async def leave(self) -> None:
        pass


async def join_broken(socket, topic, payload):
    return BrokenJoin(), {}


@pytest.fixture
def broken_kind():
    register_join_kind("broken:", join_broken)
    yield
    del _kinds["broken:"]


async def request(communicator, frame):
    await communicator.send_to(text_data=orjson.dumps(frame).decode())
    return orjson.loads(await communicator.receive_from())


async def test_an_exception_while_handling_a_frame_is_an_error_frame(broken_kind, caplog):
    communicator = WebsocketCommunicator(SocketConsumer.as_asgi(), "/djwire/ws/")
    connected, _ = await communicator.connect()
    assert connected
    assert await request(communicator, [1, "broken:1", "join", {"pv": 1}]) == [
        1,
        "broken:1",
        "ok",
        {},
    ]
    ref, topic, event, payload = await request(communicator, [2, "broken:1", "go", {}])
    assert (ref, topic, event) == (2, "broken:1", "error")
    # Without DEBUG the details (type and message) go to the log only, not to the browser.
    assert payload == {
        "code": "server_error",
        "reason": "handling this frame raised an exception; see the server's log",
    }
    assert "handling a 'go' frame" in caplog.text
    # The socket and the join are still there.
    assert await request(communicator, [3, "", "hb", {}]) == [3, "", "ok", {}]
    assert (await request(communicator, [4, "broken:1", "go", {}]))[2] == "error"
    await communicator.disconnect()


# -- a dead socket leaves nothing running (issue 12) ---------------------------------------


def tick_tasks():
    return [t for t in asyncio.all_tasks() if t.get_name().startswith(TICK_TASK) and not t.done()]


def subscribers():
    """Every (group, key) the process's hub hands pushes to."""
    return {(group, key) for group, members in get_hub().local.items() for key in members}


async def a_socket_with_a_ticking_view_and_a_window():
    client = AsyncLiveViewTestClient(TickView)
    await client.mount()
    token = await database_sync_to_async(window_token_for)(client.socket.session, "room-9")
    await client.socket.join("sig:1", {"token": token})
    assert tick_tasks() and subscribers()
    return client


async def kill(client, how):
    consumer = client.socket._consumer
    task = client.socket._communicator.future
    if how == "cancelled":
        task.cancel()
    else:  # a bug inside the consumer, outside of any frame's handling

        async def broken(message):
            raise RuntimeError("the consumer itself fails")

        consumer.websocket_receive = broken
        await client.socket.send_raw_only('[1, "", "hb", {}]')
    with contextlib.suppress(asyncio.CancelledError, RuntimeError):
        await task
    return consumer


@pytest.mark.parametrize("how", ["cancelled", "raised"])
async def test_a_consumer_that_dies_leaves_no_tick_and_no_subscription_running(how):
    before = subscribers()
    client = await a_socket_with_a_ticking_view_and_a_window()
    consumer = await kill(client, how)
    assert not tick_tasks()
    assert subscribers() - before <= parked_subscriptions()  # only the window's parking
    assert consumer.joins == {}
    assert consumer.outbox._writer is None  # no writer task left waiting
    client.socket._communicator = None  # already dead: nothing to close


def parked_subscriptions():
    from djwire.signals.parking import _parked

    return {(group, id(parked)) for parked in _parked.get().values() for group in parked.groups}
