"""A message reaches every local subscriber as bytes, decoded once, never written into."""

from djwire import codec
from djwire.pubsub.hub import Hub
from djwire.pubsub.message import Message


def test_value_is_decoded_once_and_decode_gives_a_fresh_copy():
    message = Message(codec.encode({"items": [1, 2]}))
    assert message.value is message.value
    copy = message.decode()
    copy["items"].append(3)
    assert message.value == {"items": [1, 2]}


async def test_the_hub_hands_every_subscriber_the_same_message():
    hub = Hub(__import__("asyncio").get_running_loop())
    received: list[Message] = []
    await hub.subscribe("g", 1, received.append)
    await hub.subscribe("g", 2, received.append)
    data = codec.encode({"id": "x"})
    hub.deliver("g", data)
    first, second = received
    assert first is second and first.data == data
    assert first.value == {"id": "x"}
