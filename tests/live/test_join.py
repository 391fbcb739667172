"""A LiveView join under the handler pool (issue 12) and batched handler pushes (issue 13): one
view's work one at a time and in order, different views side by side, a full pool refused."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from django.conf import settings
from django.test import override_settings

from djwire import LiveView, apush_to_view, state
from djwire.decorators import event_handler
from djwire.testing import AsyncLiveViewTestClient, wait_until
from djwire.transport.pool import THREAD_NAME


class LogView(LiveView):
    """Records every event and push it runs; refuses to run on two threads at once."""

    template_name = "testapp/log.html"
    log = state(default=[])

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.log = []
        self._running = False
        self._threads: set[str] = set()

    def _step(self, entry: str) -> None:
        assert not self._running, "two threads ran this view's handlers at once"
        self._running = True
        try:
            time.sleep(0)  # give another thread the chance to come in, if one could
            self._threads.add(threading.current_thread().name)
            self.log.append(entry)
        finally:
            self._running = False

    @event_handler
    def record(self, n: int, **kwargs: Any) -> None:
        self._step(f"e{n}")

    def _pushed(self, n: int, **kwargs: Any) -> None:
        self._step(f"p{n}")


def versions_in_order(client: AsyncLiveViewTestClient) -> bool:
    """Every change the server made reached the page once, in version order."""
    changed = [frame[3]["v"] for frame in client.frames if "d" in frame[3]]
    return changed == list(range(changed[0], changed[0] + len(changed))) if changed else True


def entries(log: list[str], kind: str) -> list[str]:
    return [entry for entry in log if entry[0] == kind]


async def send_events(client: AsyncLiveViewTestClient, count: int) -> None:
    for n in range(count):
        await client.send_event("record", n=n)


async def push_handlers(count: int) -> None:
    for n in range(count):
        await apush_to_view(LogView, handler="_pushed", payload={"n": n})
        await asyncio.sleep(0)


async def test_events_and_pushes_interleaved_on_one_view_run_one_at_a_time_in_order():
    client = AsyncLiveViewTestClient(LogView)
    await client.mount()
    await asyncio.gather(send_events(client, 30), push_handlers(30))
    await wait_until(lambda: len(client.view.log) == 60)
    log = list(client.view.log)
    assert entries(log, "e") == [f"e{n}" for n in range(30)]
    assert entries(log, "p") == [f"p{n}" for n in range(30)]
    assert all(name.startswith(THREAD_NAME) for name in client.view._threads)
    await wait_until(lambda: client.version == client.server_join().mounted.version)
    assert versions_in_order(client)
    assert f'<p id="log">{",".join(log)}</p>' in client.html()
    await client.close()


async def test_a_handler_push_reaches_many_views_each_once_and_in_order_with_its_events():
    clients = []
    for _ in range(80):  # fewer than the threads and queue take: none refused
        client = AsyncLiveViewTestClient(LogView)
        await client.mount()
        clients.append(client)
    await asyncio.gather(push_handlers(4), *(send_events(client, 3) for client in clients))
    await wait_until(lambda: all(len(c.view.log) == 7 for c in clients), timeout=10)
    for client in clients:
        log = list(client.view.log)
        assert entries(log, "p") == ["p0", "p1", "p2", "p3"]  # each push once, in order
        assert entries(log, "e") == ["e0", "e1", "e2"]
    for client in clients:
        await wait_until(lambda c=client: c.version == c.server_join().mounted.version)
        assert versions_in_order(client)
        assert f'<p id="log">{",".join(client.view.log)}</p>' in client.html()
    for client in clients:
        await client.close()


# -- different views side by side ---------------------------------------------------------------

_gate = threading.Event()


class GateView(LiveView):
    template_name = "testapp/log.html"
    log = state(default=[])

    @event_handler
    def wait_for_gate(self, **kwargs: Any) -> None:
        # Opened by another view's handler: only when the two run at once.
        self.log = ["opened" if _gate.wait(timeout=5) else "timed out"]

    @event_handler
    def open_gate(self, **kwargs: Any) -> None:
        _gate.set()
        self.log = ["opening"]


async def test_two_views_handlers_run_at_once_one_blocked_the_other_completes():
    _gate.clear()
    blocked, other = AsyncLiveViewTestClient(GateView), AsyncLiveViewTestClient(GateView)
    await blocked.mount()
    await other.mount()
    waiting = asyncio.create_task(blocked.send_event("wait_for_gate"))
    await wait_until(blocked.server_join().busy)
    await other.send_event("open_gate")  # completes while the first handler still blocks
    await waiting
    assert blocked.view.log == ["opened"]
    await blocked.close()
    await other.close()


async def test_a_full_pool_refuses_events_with_overloaded_and_delays_pushes_without_loss():
    _gate.clear()
    with override_settings(DJWIRE={**settings.DJWIRE, "handler_threads": 1, "handler_queue": 0}):
        blocked, other = AsyncLiveViewTestClient(GateView), AsyncLiveViewTestClient(LogView)
        await blocked.mount()
        await other.mount()
        waiting = asyncio.create_task(blocked.send_event("wait_for_gate"))
        await wait_until(blocked.server_join().busy)
        refused = await other.send_event("record", n=1, expect_error=True)
        assert refused["code"] == "overloaded"
        assert "DJWIRE['handler_threads']" in refused["reason"]
        assert other.view.log == []  # not run
        await apush_to_view(LogView, handler="_pushed", payload={"n": 1})
        assert await other.receive_nothing(0.1)  # waits for a thread: never refused
        _gate.set()
        await waiting
        assert (await other.receive())[2] == "diff"
        assert other.view.log == ["p1"]
        await other.send_event("record", n=2)  # a thread is free again
        assert other.view.log == ["p1", "e2"]
        await blocked.close()
        await other.close()
