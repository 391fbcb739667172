"""The join right after the HTTP render takes the view that render mounted, as it is."""

import asyncio
import gc
import itertools
import os
import weakref

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import path

from djwire import LiveView, state
from djwire.decorators import event_handler
from djwire.live.handoff import Handoffs, get_handoffs
from djwire.testing import AsyncLiveViewTestClient, LiveViewTestClient, wait_until
from tests.helpers import saved_version


class CountingView(LiveView):
    """Counts its mounts, and where its numbers came from."""

    template_name = "testapp/counter.html"
    count = state(default=0)
    mounts = itertools.count(1)

    def mount(self, request, **kwargs):
        self.count = next(self.mounts) * 100  # each mount starts somewhere else

    @event_handler
    def increment(self, by: int = 1, **kwargs):
        self.count += by


urlpatterns = [path("counting/", CountingView.as_view())]
pytestmark = pytest.mark.urls(__name__)

STATE_DIR = {"state_dir": settings.DJWIRE["state_dir"]}


def test_the_join_takes_the_rendered_view_without_mounting_or_sending_the_page():
    with LiveViewTestClient(CountingView, path="/counting/") as client:
        reply = client.mount()
        http_count = client.view.count
        assert f">{http_count}<" in client.http_html  # what the page shows is what it holds
        assert "t" not in reply  # the join resends nothing
        assert next(CountingView.mounts) == http_count // 100 + 1  # no mount since the render
        client.send_event("increment")
        assert client.view.count == http_count + 1


def _stored_records():
    return sum(len(files) for _, _, files in os.walk(settings.DJWIRE["state_dir"]))


def test_nothing_is_stored_for_a_page_until_its_socket_joins(client):
    before = _stored_records()
    for _ in range(3):  # visitors who never run the page's JavaScript
        assert client.get("/counting/").status_code == 200
    assert _stored_records() == before

    async def visit_and_join():
        page = AsyncLiveViewTestClient(CountingView, path="/counting/")
        await page.mount()
        # Saved behind the join reply, so that a reconnect resumes it.
        await wait_until(lambda: saved_version(page) == 1)
        await page.close()

    asyncio.run(visit_and_join())
    assert _stored_records() == before + 1


def test_a_shared_store_gets_the_render_saved_so_another_process_resumes_it():
    with (
        override_settings(DJWIRE={**STATE_DIR, "state_store": "cache"}),
        LiveViewTestClient(CountingView, path="/counting/") as client,
    ):
        client.mount()
        assert saved_version(client) == 1  # saved by the render, before any join
        http_count = client.view.count
        get_handoffs()._held.clear()  # as if the page re-joined on another process
        reply = client.join_again(version=1)
        assert "t" not in reply  # resumed from the shared store, the page is current
        assert client.view.count == http_count


def test_a_join_after_the_handoff_expired_mounts_afresh_and_sends_the_page():
    with (
        override_settings(DJWIRE={**STATE_DIR, "handoff_ttl": 0}),
        LiveViewTestClient(CountingView, path="/counting/") as client,
    ):
        reply = client.mount()
        assert "t" in reply  # a fresh mount: the page gets what this one rendered
        assert f">{client.view.count}<" in client.html()


def test_a_held_view_is_taken_once_and_only_within_its_time():
    now = [0.0]
    handoffs = Handoffs(capacity=2, ttl=10, clock=lambda: now[0])
    views = [_Held(f"id{i}") for i in range(3)]
    handoffs.put(views[0])
    assert handoffs.take("id0") is views[0]
    assert handoffs.take("id0") is None  # taken once
    for view in views:
        handoffs.put(view)
    assert handoffs.take("id0") is None  # over capacity: the oldest went
    now[0] = 11
    assert handoffs.take("id1") is None  # expired
    assert len(handoffs) == 1


class _Held:
    def __init__(self, instance_id):
        self.grant = type("Grant", (), {"instance_id": instance_id})()


async def test_a_joined_view_lets_go_of_the_page_request_it_was_rendered_for():
    # Issue 13: the held view's last render kept the page's context (its request, and the
    # user and CSRF token bound to it), so every open page held its whole HTTP request.
    client = AsyncLiveViewTestClient(CountingView)
    pages = []
    page_request = client.socket.page_request

    def recorded(*args, **kwargs):
        request = page_request(*args, **kwargs)
        pages.append(weakref.ref(request))
        return request

    client.socket.page_request = recorded
    try:
        await client.mount()
        gc.collect()
        assert len(pages) == 1
        assert pages[0]() is None, "the joined view still holds the page's request"
        # It renders as before, with the socket's request.
        await client.send_event("increment")
        assert client.view.count % 100 == 1
        assert client.view.request.user == client.socket.user
    finally:
        await client.close()
