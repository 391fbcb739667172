"""System checks of LiveView classes: each id is triggered by the mistake it names."""

import http.client
import threading

from django.core import checks as django_checks

from djwire import LiveView, state
from djwire.decorators import event_handler
from djwire.live.checks.views import (
    check_class_attributes,
    check_handlers,
    check_mount,
    check_state_defaults,
    check_template,
    check_view_class,
)


def ids(messages):
    return [m.id for m in messages]


class GoodView(LiveView):
    template_name = "testapp/counter.html"
    count = state(default=0)

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler
    def increment(self, by: int = 1, **kwargs):
        self.count += by


def test_a_correct_view_has_no_message():
    assert check_view_class(GoodView) == []


class NoTemplate(LiveView):
    pass


class MissingTemplate(LiveView):
    template_name = "testapp/nope.html"


class BrokenTemplate(LiveView):
    template_name = "testapp/broken.html"


def test_v001_no_template_name_unless_a_base_class():
    (message,) = check_template(NoTemplate)
    assert message.id == "djwire.V001" and message.level == django_checks.ERROR
    assert "NoTemplate has no template_name" in message.msg
    assert check_template(NoTemplate, base=True) == []


def test_v002_a_template_that_cannot_be_found_or_compiled():
    (missing,) = check_template(MissingTemplate)
    assert missing.id == "djwire.V002" and "'testapp/nope.html' cannot be found" in missing.msg
    (broken,) = check_template(BrokenTemplate)
    assert broken.id == "djwire.V002" and "does not compile" in broken.msg


class AsyncMount(LiveView):
    template_name = "testapp/counter.html"

    async def mount(self, request, **kwargs):
        pass


class NoRequest(LiveView):
    template_name = "testapp/counter.html"

    def mount(self, **kwargs):
        pass


class PositionalOnly(LiveView):
    template_name = "testapp/counter.html"

    def mount(self, request, pk, /, **kwargs):
        pass


class UrlParameter(LiveView):
    template_name = "testapp/counter.html"

    def mount(self, request, pk, metrics_client=None, **kwargs):
        pass


def test_v003_mount_that_djwire_cannot_call():
    for cls, reason in [
        (AsyncMount, "is async"),
        (NoRequest, "does not take the request"),
        (PositionalOnly, "positional-only parameters (pk)"),
    ]:
        (message,) = check_mount(cls)
        assert message.id == "djwire.V003" and message.level == django_checks.ERROR
        assert reason in message.msg and "def mount(self, request, **kwargs)" in message.hint
    assert check_mount(UrlParameter) == []  # URL parameters arrive as keywords


class BareHandlers(LiveView):
    template_name = "testapp/counter.html"

    @event_handler
    def no_kwargs(self, id: int):
        pass

    @event_handler
    def unannotated(self, id, **kwargs):
        pass

    @event_handler
    def fine(self, id: int = 0, **kwargs):
        pass


def test_v005_handler_signatures_are_an_info():
    messages = check_handlers(BareHandlers)
    assert ids(messages) == ["djwire.V005", "djwire.V005"]
    assert all(m.level == django_checks.INFO for m in messages)
    text = " ".join(m.msg for m in messages)
    assert (
        "no_kwargs has no **kwargs" in text
        and "unannotated has unannotated parameters (id)" in text
    )


class MetricsClient:
    def recent(self):
        return []


class ServiceAtClassLevel(LiveView):
    template_name = "testapp/counter.html"
    metrics = MetricsClient()
    http = state(default=http.client.HTTPConnection("example.com"))
    helper = staticmethod(print)
    client_class = MetricsClient  # a class, not an instance: fine
    _private_client = MetricsClient()


def test_v006_service_instances_at_class_level():
    messages = check_class_attributes(ServiceAtClassLevel)
    assert ids(messages) == ["djwire.V006", "djwire.V006"]
    text = " ".join(m.msg for m in messages)
    assert "ServiceAtClassLevel.metrics looks like a service instance (MetricsClient)" in text
    assert "ServiceAtClassLevel.http looks like a service instance (HTTPConnection)" in text
    assert "self._metrics" in messages[0].hint


class LockDefault(LiveView):
    template_name = "testapp/counter.html"
    lock = state(default=threading.Lock())
    rows = state(default=[])


def test_v007_a_state_default_that_cannot_be_saved():
    (message,) = check_state_defaults(LockDefault)
    assert message.id == "djwire.V007" and "LockDefault.lock" in message.msg
    assert "lock (from _thread)" in message.msg
