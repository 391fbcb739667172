"""The write-behind saves: coalesced, batched, and never lost when a view leaves."""

import asyncio
from types import SimpleNamespace

import pytest

from djwire.live import saver as saver_module
from djwire.live.saver import Saver
from djwire.testing import wait_until


class FakeView:
    def __init__(self, instance_id: str) -> None:
        self.mounted = SimpleNamespace(
            grant=SimpleNamespace(instance_id=instance_id), record=lambda: b"state"
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
        written.extend(instance_id for instance_id, _ in records)

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
