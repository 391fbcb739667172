"""A push's handlers, one per view: run in few hops, in order, each result to its own view."""

import asyncio
import contextvars
import threading

from djwire.transport.batches import MAX_BATCH, run_batched
from djwire.transport.pool import SyncPool

language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="en")


async def test_calls_run_in_order_and_each_result_or_error_reaches_its_own_caller():
    ran: list[int] = []

    def call(n):
        ran.append(n)
        if n == 2:
            raise ValueError("two")
        return n * 10

    futures = [run_batched(lambda n=n: call(n)) for n in range(5)]
    results = await asyncio.gather(*futures, return_exceptions=True)
    assert ran == [0, 1, 2, 3, 4]
    assert results[:2] == [0, 10] and results[3:] == [30, 40]
    assert isinstance(results[2], ValueError)


async def test_a_push_to_many_views_takes_one_hop_and_results_come_back_while_it_runs(
    monkeypatch,
):
    # Issue 13: a hop per 20 ms batch left the thread idle while the loop took its turn.
    hops = []
    real = SyncPool.run_background

    async def counted(self, func):
        hops.append(func)
        return await real(self, func)

    monkeypatch.setattr(SyncPool, "run_background", counted)
    gate = threading.Event()
    count = MAX_BATCH * 2 + 1
    futures = [run_batched(lambda: None) for _ in range(count - 1)]
    last = run_batched(lambda: gate.wait(10))
    await asyncio.wait_for(futures[MAX_BATCH - 1], 10)  # handed back before the worker ends
    assert not last.done()
    gate.set()
    await asyncio.wait_for(asyncio.gather(*futures, last), 10)
    assert len(hops) == 1


async def test_what_a_call_sets_in_a_context_variable_does_not_leak_into_the_next():
    def set_it():
        language.set("fr")
        return language.get()

    first = run_batched(set_it)
    second = run_batched(language.get)
    assert await first == "fr"
    assert await second == "en"


async def test_the_call_of_a_view_that_left_meanwhile_is_not_run():
    gate = threading.Event()
    ran = []
    blocker = run_batched(lambda: gate.wait(10))
    left = run_batched(lambda: ran.append("left"))
    left.cancel()  # its view closed while it waited
    stays = run_batched(lambda: ran.append("stays"))
    gate.set()
    await asyncio.wait_for(asyncio.gather(blocker, stays), 10)
    assert ran == ["stays"]
