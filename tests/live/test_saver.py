"""The write-behind saves: coalesced, batched, and never lost when a view leaves."""

import asyncio
import threading
import time
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from asgiref.sync import sync_to_async

from djwire.live import saver as saver_module
from djwire.live.saver import Saver
from djwire.pubsub import Message, get_hub
from djwire.pubsub.hub import DELIVERY_SLICE
from djwire.testing import AsyncLiveViewTestClient, wait_until
from tests.testapp.views import CounterView


class FakeView:
    def __init__(self, instance_id: str) -> None:
        self.records = SimpleNamespace(
            whole=lambda version: b"state",
            next_is_base=lambda: True,  # a base, whose encode time spaces the next
            next=lambda version: (True, self.records.whole(version)),
        )
        self.mounted = SimpleNamespace(
            grant=SimpleNamespace(instance_id=instance_id), version=1, records=self.records
        )

    def busy(self) -> bool:
        return False


@pytest.fixture
def writes(monkeypatch):
    """The store writes, held until the test opens the gate."""
    written: list[str] = []
    started = asyncio.Event()
    gate = asyncio.Event()

    async def write(records):
        started.set()
        await gate.wait()
        written.extend(instance_id for instance_id, *_ in records)
        return []

    monkeypatch.setattr(saver_module, "_write", write)
    return SimpleNamespace(written=written, started=started, gate=gate)


async def test_a_view_leaving_does_not_cancel_the_batch_of_others(writes):
    saver, a, b = Saver(), FakeView("a"), FakeView("b")
    saver.want(a)
    await writes.started.wait()  # a's batch is being written
    await saver.flush(b)  # b leaves; it had nothing waiting
    writes.gate.set()
    await wait_until(lambda: writes.written == ["a"])


async def test_a_view_leaving_while_its_save_is_written_waits_for_it(writes):
    saver, a = Saver(), FakeView("a")
    saver.want(a)
    await writes.started.wait()
    leaving = asyncio.create_task(saver.flush(a))
    await asyncio.sleep(0)
    assert not leaving.done()  # a reconnect right after must find the saved state
    writes.gate.set()
    await leaving
    assert writes.written == ["a"]


async def test_a_waiting_save_is_written_at_once_when_its_view_leaves(writes):
    saver, a = Saver(), FakeView("a")
    writes.gate.set()
    saver.want(a)
    saver.want(a)  # coalesced
    await saver.flush(a)
    assert writes.written == ["a"]
    await asyncio.sleep(0.05)  # past the write-behind delay: nothing is written twice
    assert writes.written == ["a"]


class SlowView(FakeView):
    """A view whose record takes long to encode, as 100,000 rows do."""

    def __init__(self, instance_id: str, seconds: float) -> None:
        super().__init__(instance_id)
        self.encodes = 0

        def record(version):
            self.encodes += 1
            saver_module.time.sleep(seconds)
            return b"state"

        self.records.whole = record


async def test_a_view_slow_to_encode_is_saved_again_only_after_its_spacing(monkeypatch):
    written: list[str] = []

    async def write(records):
        written.extend(instance_id for instance_id, *_ in records)
        return []

    monkeypatch.setattr(saver_module, "_write", write)
    saver, big, small = Saver(), SlowView("big", 0.05), FakeView("small")
    saver.want(big)
    await wait_until(lambda: written == ["big"])
    for _ in range(5):  # five events in a row on the big view
        saver.want(big)
        await asyncio.sleep(0.02)
    assert big.encodes == 1  # not once per event: its spacing is 20 x 50 ms
    saver.want(small)  # another view is not held up behind the big one's spacing
    await wait_until(lambda: written[-1] == "small", timeout=0.6)  # the big one waits 1 s
    await wait_until(lambda: big.encodes == 2, timeout=5)  # the newest state, once
    await saver.flush(big)
    await saver.flush(small)


async def test_a_spaced_view_that_leaves_is_saved_at_once(monkeypatch):
    written: list[str] = []

    async def write(records):
        written.extend(instance_id for instance_id, *_ in records)
        return []

    monkeypatch.setattr(saver_module, "_write", write)
    saver, big = Saver(), SlowView("big", 0.05)
    saver.want(big)
    await wait_until(lambda: written == ["big"])
    saver.want(big)  # changed again: its next save is a second away
    await saver.flush(big)  # it leaves: a reconnect must find its newest state
    assert written == ["big", "big"]


class GatedStore:
    """A store whose first save waits for the gate (a slow disk, a Redis far away)."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.seen: list[str] = []

    def save(self, instance_id: str, record: bytes) -> None:
        if not self.entered.is_set():
            self.entered.set()
            self.seen.append("opened" if self.gate.wait(timeout=5) else "timed out")


async def test_a_slow_save_holds_neither_djangos_sync_thread_nor_handlers(monkeypatch):
    """Issue 12: saves ran in Django's one sync thread, where database_sync_to_async code of
    every socket (sync channels' joins, a user's own) waited behind a slow store."""
    store = GatedStore()
    monkeypatch.setattr(saver_module, "get_store", lambda: store)
    saver = Saver()
    saver.want(FakeView("a"))
    await asyncio.to_thread(store.entered.wait, 5)  # a's save is being written, slowly
    counter = AsyncLiveViewTestClient(CounterView)
    await counter.mount()
    assert (await counter.send_event("increment"))["v"] == 2  # a handler runs meanwhile
    await sync_to_async(store.gate.set)()  # Django's sync thread is free: it opens the gate
    await wait_until(lambda: store.seen == ["opened"])
    await counter.close()


class DeltaView(FakeView):
    """A view whose saves are deltas until the store refuses one."""

    def __init__(self, instance_id: str) -> None:
        super().__init__(instance_id)
        self.base_next = False

        def next_record(version):
            if self.base_next:
                self.base_next = False
                return True, b"base"
            return False, b"delta"

        def refused():
            self.base_next = True

        self.records.next_is_base = lambda: self.base_next
        self.records.next = next_record
        self.records.lost = refused


async def test_a_delta_the_store_cannot_chain_is_followed_by_a_base(monkeypatch):
    # The file store refuses a delta when the base is in an older time bucket (or gone).
    written: list[bytes] = []

    async def write(records):
        written.extend(record for _, _, record in records)
        first_delta = written == [b"delta"]
        return [0] if first_delta else []  # the first delta is refused, nothing after it

    monkeypatch.setattr(saver_module, "_write", write)
    saver, view = Saver(), DeltaView("d")
    saver.want(view)
    await wait_until(lambda: written == [b"delta", b"base"])
    await saver.flush(view)


async def test_views_a_push_changed_are_saved_after_the_push_reached_every_view(writes):
    # The views a big push reaches first ask to be saved long before it reaches the last
    # ones: encoding their records then would hold up the rest of the push.
    saver, hub = Saver(), get_hub()
    writes.gate.set()
    reached: list[int] = []
    group = "test.saver.push"

    def view_changed(number: int) -> Callable[[Message], None]:
        def subscriber(message: Message) -> None:
            reached.append(number)
            time.sleep(0.0001)  # its change: the push lasts longer than the save's delay
            saver.want(FakeView(str(number)))

        return subscriber

    views = 5 * DELIVERY_SLICE  # a push handed out over five turns of the loop
    for number in range(views):
        await hub.subscribe(group, number, view_changed(number))
    try:
        hub.deliver(group, b"{}")
        await writes.started.wait()
        assert len(reached) == views  # the first write came after the last view had it
        await wait_until(lambda: len(writes.written) == views)
    finally:
        for number in range(views):
            await hub.unsubscribe(group, number)
