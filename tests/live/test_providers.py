"""live_session(View, **providers): services reach mount() on every connection, fakes in tests."""

import asyncio
import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import path

from djwire import LiveView
from djwire.decorators import event_handler
from djwire.routing import live_session
from djwire.testing import AsyncLiveViewTestClient, LiveViewTestClient, wait_until
from tests.helpers import saved_version


class FakeMetrics:
    """What a test passes instead of a real metrics client."""

    serial = itertools.count(1)

    def __init__(self):
        self.number = next(self.serial)
        self.calls = 0

    def recent(self):
        self.calls += 1
        return [f"client{self.number}", f"call{self.calls}"]


class MetricsView(LiveView):
    template_name = "testapp/metrics.html"

    def mount(self, request, metrics_client=None, **kwargs):
        self._metrics_client = metrics_client  # private: never saved
        self.metrics = metrics_client.recent() if metrics_client else []
        self.count = 0

    @event_handler
    def refresh(self, **kwargs):
        self.metrics = self._metrics_client.recent()

    @event_handler
    def bump(self, **kwargs):
        self.count += 1


class ClashView(MetricsView):
    pass


urlpatterns = [
    path("metrics/", live_session(MetricsView, metrics_client=FakeMetrics)),
    path("clash/<int:metrics_client>/", live_session(ClashView, metrics_client=FakeMetrics)),
]
pytestmark = pytest.mark.urls(__name__)


def test_the_first_join_keeps_the_service_the_http_render_was_given():
    # The join takes the view the HTTP render mounted (handoff.py): no second mount().
    with LiveViewTestClient(MetricsView, path="/metrics/") as client:
        client.mount()
        http_client_number = int(client.http_html.split("client")[1].split(",")[0])
        view = client.view
        assert isinstance(view._metrics_client, FakeMetrics)
        assert view._metrics_client.number == http_client_number
        client.send_event("refresh")
        assert client.view.metrics == [f"client{http_client_number}", "call2"]
        assert "_metrics_client" not in client.view.state_names()


def test_a_resumed_view_gets_its_services_again():
    async def run():
        client = AsyncLiveViewTestClient(MetricsView, path="/metrics/")
        await client.mount()
        await client.send_event("bump")
        await client.send_event("bump")
        await wait_until(lambda: saved_version(client) == client.version)  # saved behind it
        first_service = client.view._metrics_client
        await client.join_again(version=1)  # the page re-joins (a reconnect, another process)
        resumed = client.view
        await client.send_event("refresh")
        await client.close()
        return first_service, resumed

    first_service, resumed = asyncio.run(run())
    assert resumed.count == 2  # the saved state, not a fresh mount
    assert isinstance(resumed._metrics_client, FakeMetrics)
    assert resumed._metrics_client is not first_service
    assert resumed.metrics[0] == f"client{resumed._metrics_client.number}"


def test_a_view_routed_without_providers_gets_none():
    with (
        override_settings(ROOT_URLCONF="tests.testapp.urls"),
        LiveViewTestClient(MetricsView) as client,
    ):
        client.mount()
        assert client.view._metrics_client is None and client.view.metrics == []


def test_a_provider_named_like_a_url_parameter_is_refused():
    with pytest.raises(ImproperlyConfigured, match=r"\['metrics_client'\].*URL parameter"):
        LiveViewTestClient(ClashView, path="/clash/3/").mount(metrics_client=3)


def test_live_session_refuses_what_is_not_a_view_or_a_callable():
    with pytest.raises(TypeError, match="needs a LiveView class"):
        live_session(object, x=FakeMetrics)
    with pytest.raises(TypeError, match="must be callable"):
        live_session(MetricsView, x=FakeMetrics())
    with pytest.raises(TypeError, match="public identifier"):
        live_session(MetricsView, _x=FakeMetrics)


def test_a_browser_cannot_choose_providers():
    # The join payload carries only the signed token: extra keys naming services are ignored.
    async def run():
        client = AsyncLiveViewTestClient(MetricsView, path="/metrics/")
        await client.mount()
        await client.join_again(version=1, extra={"metrics_client": "evil", "providers": {}})
        view = client.view
        await client.close()
        return view

    view = asyncio.run(run())
    assert isinstance(view._metrics_client, FakeMetrics)
