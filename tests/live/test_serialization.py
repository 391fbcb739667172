"""Public state that cannot be saved: a warning naming the fix, or TypeError in strict mode."""

import asyncio
import logging
import threading

import orjson
import pytest
from django.conf import settings
from django.test import override_settings

from djwire import LiveView
from djwire.decorators import event_handler
from djwire.live.grant import read_token
from djwire.live.serialization import encode_state
from djwire.store import get_store
from djwire.testing import AsyncLiveViewTestClient, EventError, LiveViewTestClient
from djwire.transport.binding import session_binding


class ServiceView(LiveView):
    template_name = "testapp/counter.html"


def make_view():
    view = ServiceView()
    view.count = 1
    view.lock = threading.Lock()
    view._private_lock = threading.Lock()  # private: never saved, never warned about
    return view


def test_warning_names_view_attribute_type_and_fix(caplog):
    with caplog.at_level(logging.WARNING, logger="djwire.serialization"):
        data = orjson.loads(encode_state(make_view()))
    assert data["count"] == 1 and data["lock"].startswith("<unlocked _thread.lock")
    (record,) = caplog.records
    message = record.getMessage()
    assert "ServiceView.lock holds lock (from _thread)" in message
    assert "self._lock" in message


def test_strict_mode_raises_type_error_with_the_same_message():
    with (
        override_settings(DJWIRE={"strict_serialization": True}),
        pytest.raises(TypeError, match=r"ServiceView\.lock holds lock .*self\._lock"),
    ):
        encode_state(make_view())


class LockingView(LiveView):
    """A view whose handler stores a lock in public state: the mistake strict mode catches."""

    template_name = "testapp/counter.html"

    def mount(self, request, **kwargs):
        self.count = 0
        if request.GET.get("lock"):
            self.lock = threading.Lock()

    @event_handler
    def increment(self, **kwargs):
        self.count += 1
        self.lock = threading.Lock()


STRICT = {"strict_serialization": True, "state_dir": settings.DJWIRE["state_dir"]}


def test_strict_mode_fails_the_http_render_with_the_message():
    with (
        override_settings(DJWIRE=STRICT),
        LiveViewTestClient(LockingView, path="/?lock=1") as client,
        pytest.raises(TypeError, match=r"LockingView\.lock holds lock .*self\._lock"),
    ):
        client.mount()


def test_strict_mode_answers_the_event_with_an_error_frame_and_rolls_it_back():
    with override_settings(DJWIRE=STRICT), LiveViewTestClient(LockingView) as client:
        client.mount()
        with pytest.raises(EventError, match=r"LockingView\.lock holds lock") as refused:
            client.send_event("increment")
        assert refused.value.code == "handler_error"
        assert "LockingView.lock holds lock (from _thread)" in refused.value.reason
        assert "self._lock" in refused.value.reason
        assert client.view.count == 0 and "lock" not in client.view.state_names()
        again = client.send_event("increment", expect_error=True)  # the socket is still open
        assert again["code"] == "handler_error"


def test_default_mode_warns_and_saves_the_string_form(caplog):
    with (
        caplog.at_level(logging.WARNING, logger="djwire.serialization"),
        LiveViewTestClient(LockingView) as client,
    ):
        client.mount()
        client.send_event("increment")  # not refused
        assert client.view.count == 1
        session = client.server_join().mounted
        saved = orjson.loads(session.records.whole(session.version))
    assert saved["state"]["lock"].startswith("<unlocked _thread.lock")
    assert any("LockingView.lock holds lock" in r.getMessage() for r in caplog.records)


def test_strict_mode_fails_a_fresh_mount_over_the_socket_with_the_message():
    async def run():
        client = AsyncLiveViewTestClient(LockingView, path="/?lock=1")
        await client.mount()  # default mode: the HTTP render saves the string form
        binding = session_binding(client.socket.session.session_key)
        get_store().delete(read_token(client.token, binding).instance_id)  # nothing to resume
        with override_settings(DJWIRE=STRICT):
            reply = await client.join_again(version=1, expect_error=True)
        await client.close()
        return reply

    reply = asyncio.run(run())
    assert reply["code"] == "join_failed"
    assert "LockingView.lock holds lock" in reply["reason"]


class ClientService:
    """Stands for an API client (boto3, httpx): an object the codec cannot write."""

    def fetch(self):
        return 42


class ServiceInStateView(LiveView):
    """Issue 8: a service kept in public state. Without strict mode the first click failed
    with "'str' object has no attribute 'fetch'" (the join restored its string form)."""

    template_name = "testapp/counter.html"

    def mount(self, request, **kwargs):
        self.count = 0
        self.client = ClientService()

    @event_handler
    def increment(self, **kwargs):
        self.count = self.client.fetch()


def test_debug_makes_strict_the_default_so_the_first_render_names_the_fix():
    with (
        override_settings(DEBUG=True),
        LiveViewTestClient(ServiceInStateView) as client,
        pytest.raises(TypeError, match=r"ServiceInStateView\.client holds ClientService .*"),
    ):
        client.mount()


def test_without_debug_the_default_only_warns(caplog):
    with (
        override_settings(DEBUG=False),
        caplog.at_level(logging.WARNING, logger="djwire.serialization"),
        LiveViewTestClient(ServiceInStateView) as client,
    ):
        client.mount()
    assert any("ServiceInStateView.client holds" in r.getMessage() for r in caplog.records)


def test_strict_serialization_false_keeps_warning_mode_under_debug(caplog):
    loose = {"strict_serialization": False, "state_dir": settings.DJWIRE["state_dir"]}
    with (
        override_settings(DEBUG=True, DJWIRE=loose),
        caplog.at_level(logging.WARNING, logger="djwire.serialization"),
        LiveViewTestClient(ServiceInStateView) as client,
    ):
        client.mount()
    assert any("ServiceInStateView.client holds" in r.getMessage() for r in caplog.records)
