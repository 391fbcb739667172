"""Public state that cannot be saved: a warning naming the fix, or TypeError in strict mode."""

import logging
import threading

import orjson
import pytest
from django.test import override_settings

from djwire import LiveView
from djwire.live.serialization import encode_state


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
