"""A push from a process that serves no sockets, with the in-memory layer, reaches no browser:
the first one says so, with what to configure (issue 8)."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from djwire import push_to_view
from djwire.pubsub import hub
from djwire.transport import serving
from tests.testapp.views import CounterView

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shell_process(monkeypatch):
    """This process as a shell or a Celery worker: it never built the ASGI app nor a socket."""
    monkeypatch.setattr(serving, "_serving", False)
    monkeypatch.setattr(hub, "_warned_unreachable", False)


def pushes_logged(caplog):
    return [r for r in caplog.records if r.name == "djwire.pubsub" and "reaches no" in r.msg]


def test_the_first_push_from_a_process_without_sockets_says_what_to_configure(
    shell_process, caplog
):
    caplog.set_level(logging.WARNING, logger="djwire.pubsub")
    push_to_view(CounterView, state={"count": 1})
    push_to_view(CounterView, state={"count": 2})
    (record,) = pushes_logged(caplog)  # once per process, not once per push
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert "this push reaches no browser" in message
    assert "the in-memory channel layer" in message and "serves no WebSockets" in message
    assert "djwire.pubsub.redis_channel_layer(" in message and "djwire[redis]" in message


def test_a_process_that_serves_sockets_pushes_quietly(shell_process, caplog):
    from djwire.routing import get_asgi_application

    caplog.set_level(logging.WARNING, logger="djwire.pubsub")
    get_asgi_application()  # what uvicorn, daphne and runserver do with asgi.py
    push_to_view(CounterView, state={"count": 1})
    assert pushes_logged(caplog) == []


def test_a_shell_sees_the_warning():
    code = (
        "import django; django.setup()\n"
        "from djwire import push_to_view\n"
        "push_to_view('tests.testapp.views.CounterView', state={'count': 1})\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])  # this checkout's djwire
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "djwire: this push reaches no browser" in result.stderr
