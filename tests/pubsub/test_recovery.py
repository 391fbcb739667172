"""Messages of a group numbered and kept in Redis: a hub that misses some reads them back, in
order, and tells its subscribers when they are no longer kept (a private redis-server)."""

import asyncio

import pytest
from django.test import override_settings

from djwire.pubsub import recovery
from djwire.pubsub.history import _keys, get_history
from djwire.pubsub.hub import Hub, publish
from djwire.pubsub.redis import redis_channel_layer
from djwire.testing import wait_until
from tests.e2e.servers import RedisServer

GROUP = "djwire_recovery_test"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    redis = RedisServer(tmp_path_factory.mktemp("redis"))
    redis.start()
    yield redis.url
    redis.stop()


@pytest.fixture
async def redis_hub(redis_url, monkeypatch):
    monkeypatch.setattr(recovery, "CHECK_SECONDS", 0.05)
    with override_settings(CHANNEL_LAYERS={"default": redis_channel_layer(redis_url)}):
        hub = Hub(asyncio.get_running_loop())
        received: list[bytes] = []
        lost: list[str] = []
        await hub.subscribe(GROUP, 1, lambda m: received.append(m.data), lambda: lost.append(GROUP))
        yield hub, received, lost
        await hub.unsubscribe(GROUP, 1)
        await hub.close()
        await hub.layer.flush()
        history = get_history(hub.layer)
        await history._clients[0].delete(*_keys(GROUP))
        await history.close()


async def test_messages_missed_by_the_hub_are_read_back_in_order(redis_hub):
    hub, received, lost = redis_hub
    await publish([GROUP], b"1")
    await wait_until(lambda: received == [b"1"])
    history = get_history(hub.layer)
    # Published while this process was not listening (Redis restarting): kept, never sent.
    await history.append(GROUP, b"2")
    await history.append(GROUP, b"3")
    await publish([GROUP], b"4")  # the jump from 1 to 4 reads 2 and 3 first
    await wait_until(lambda: len(received) == 4)
    assert received == [b"1", b"2", b"3", b"4"]
    await history.append(GROUP, b"5")  # the last before a quiet spell: the head check finds it
    await wait_until(lambda: len(received) == 5)
    assert received[-1] == b"5" and lost == []


async def test_a_gap_no_longer_kept_tells_the_subscribers(redis_hub):
    hub, received, lost = redis_hub
    await publish([GROUP], b"1")
    await wait_until(lambda: received == [b"1"])
    history = get_history(hub.layer)
    # Kept, never sent, and trimmed away before the hub read them (the stream keeps its last
    # messages only): in one transaction, so that the hub's head check cannot come between.
    seq_key, log_key = _keys(GROUP)
    async with history._clients[0].pipeline(transaction=True) as pipe:
        for seq in (2, 3, 4):
            pipe.hincrby(seq_key, "s", 1)
            pipe.xadd(log_key, {"d": str(seq)}, id=f"{seq}-0")
        pipe.xtrim(log_key, minid="4-0", approximate=False)
        await pipe.execute()
    await publish([GROUP], b"5")
    await wait_until(lambda: received[-1:] == [b"5"])
    assert lost == [GROUP]  # told once, and what is kept still arrives, in order
    assert received == [b"1", b"4", b"5"]


async def test_redis_losing_its_data_tells_the_subscribers_once(redis_hub):
    hub, received, lost = redis_hub
    await publish([GROUP], b"1")
    await wait_until(lambda: received == [b"1"])
    history = get_history(hub.layer)
    await history._clients[0].delete(*_keys(GROUP))  # as a restart without persistence does
    await wait_until(lambda: lost == [GROUP])
    await publish([GROUP], b"2")  # a new epoch, numbered from 1 again: handed on
    await wait_until(lambda: received == [b"1", b"2"])
    await asyncio.sleep(0.2)
    assert lost == [GROUP]
