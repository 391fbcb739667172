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


async def test_a_message_to_many_subscribers_is_handed_out_a_slice_per_loop_turn():
    # Issue 13: a push to 10,000 views in one callback held up every other user's event.
    import asyncio

    from djwire.pubsub.hub import DELIVERY_SLICE

    hub = Hub(asyncio.get_running_loop())
    count = DELIVERY_SLICE * 2 + 50
    received: dict[int, list[str]] = {key: [] for key in range(count)}
    for key in range(count):
        await hub.subscribe("g", key, lambda m, key=key: received[key].append(m.value["id"]))
    turns: list[int] = []
    asyncio.get_running_loop().call_soon(lambda: turns.append(sum(map(len, received.values()))))
    hub.deliver("g", codec.encode({"id": "first"}))
    hub.deliver("g", codec.encode({"id": "second"}))
    assert sum(map(len, received.values())) == DELIVERY_SLICE  # the rest in later turns
    for _ in range(10):
        await asyncio.sleep(0)
    assert turns == [DELIVERY_SLICE]  # a callback read meanwhile ran between two slices
    assert all(ids == ["first", "second"] for ids in received.values())  # in order, once


async def test_a_subscriber_that_leaves_while_a_message_is_handed_out_gets_nothing_more():
    import asyncio

    from djwire.pubsub.hub import DELIVERY_SLICE

    hub = Hub(asyncio.get_running_loop())
    received: list[int] = []
    for key in range(DELIVERY_SLICE + 1):
        await hub.subscribe("g", key, lambda m, key=key: received.append(key))
    hub.deliver("g", codec.encode({"id": "x"}))
    await hub.unsubscribe("g", DELIVERY_SLICE)
    for _ in range(3):
        await asyncio.sleep(0)
    assert received == list(range(DELIVERY_SLICE))
