"""A failure inside djwire costs the frame, never the socket or its other joins."""

import orjson
import pytest
from channels.testing import WebsocketCommunicator

from djwire.transport import SocketConsumer, register_join_kind
from djwire.transport.joins import _kinds


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
