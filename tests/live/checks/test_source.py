"""djwire.V006 / V008: the scan of mount() and handlers for values state cannot hold."""

import http.client
import inspect
import sqlite3
import threading

from django.core import checks as django_checks

from djwire import LiveView
from djwire.decorators import event_handler
from djwire.live.checks.source import scan_methods
from tests.testapp.models import Gadget


class Assigns(LiveView):
    template_name = "testapp/counter.html"

    def mount(self, request, **kwargs):
        self.http = http.client.HTTPConnection("example.com")  # V006: a service class
        self.worker = threading.Thread(target=print)  # V008
        self.doubler = lambda x: 2 * x  # V008
        self.lazy = (i for i in range(3))  # V008
        self.log = open(__file__)  # noqa: SIM115 - V008
        self.steps = range(10)  # V008: comes back as a string
        self._client = http.client.HTTPConnection("example.com")  # private: fine
        self.rows = list(range(3))  # fine
        self.gadget = Gadget(name="x", price=1)  # a model: fine
        self.gadgets = Gadget.objects.filter(name="x")  # cannot be resolved: no guess
        self.log.close()

    @event_handler
    def reconnect(self, **kwargs):
        self.conn = sqlite3.connect  # not a call: fine
        self.session_a, self.count = sqlite3.connect(":memory:"), 1  # V006 (a factory)

    def not_scanned(self):
        self.thread = threading.Thread(target=print)


def line_of(text):
    source, first = inspect.getsourcelines(Assigns)
    return first + next(i for i, line in enumerate(source) if text in line)


def test_assignments_of_non_primitive_values_are_reported_with_file_and_line():
    messages = scan_methods(Assigns)
    found = {m.msg.split(": ", 1)[0]: m for m in messages}
    assert len(messages) == 7
    for text, check_id in [
        ("self.http = http.client.HTTPConnection", "djwire.V006"),
        ("self.worker = threading.Thread", "djwire.V008"),
        ("self.doubler = lambda", "djwire.V008"),
        ("self.lazy = (i", "djwire.V008"),
        ("self.log = open(", "djwire.V008"),
        ("self.steps = range(10)", "djwire.V008"),
        ("self.session_a, self.count", "djwire.V006"),
    ]:
        location = f"{__file__}:{line_of(text)}"
        assert location in found, (text, sorted(found))
        assert found[location].id == check_id
        assert found[location].level == django_checks.WARNING
    hints = " ".join(m.hint for m in messages)
    assert "self._worker" in hints and "self._http" in hints
