"""djwire.T001: the server's own WebSocket message limit is not larger than djwire's."""

import pytest
from django.test import override_settings

from djwire.transport import checks as transport_checks
from djwire.transport.checks import check_server_limit, server_limit


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["/venv/bin/uvicorn", "app:application"], {}, ("uvicorn", 16 * 1024 * 1024)),
        (["/x/uvicorn/__main__.py", "app", "--ws-max-size", "65536"], {}, ("uvicorn", 65536)),
        (["uvicorn", "app", "--ws-max-size=1000"], {}, ("uvicorn", 1000)),
        (["uvicorn", "app"], {"UVICORN_WS_MAX_SIZE": "2000"}, ("uvicorn", 2000)),
        (["/venv/bin/daphne", "app"], {}, ("daphne", 1024 * 1024)),
        (["daphne", "--websocket-max-message-size", "0", "app"], {}, ("daphne", 0)),
        (["gunicorn", "app"], {}, None),
    ],
)
def test_the_servers_limit_is_read_from_its_command_line(argv, environ, expected):
    found = server_limit(argv, environ)
    assert (found[:2] if found else None) == expected


def test_runserver_under_daphne_reads_its_setting():
    with override_settings(
        INSTALLED_APPS=["daphne", "djwire"], DAPHNE_WEBSOCKET_MAX_MESSAGE_SIZE=4096
    ):
        assert server_limit(["manage.py", "runserver"], {})[:2] == ("runserver (daphne)", 4096)


@pytest.mark.parametrize(
    ("argv", "warned"),
    [
        (["uvicorn", "app"], True),  # uvicorn's default, 16 MiB
        (["uvicorn", "app", "--ws-max-size", "65536"], False),
        (["daphne", "--websocket-max-message-size", "0", "app"], True),  # no limit at all
        (["manage.py", "test"], False),
    ],
)
def test_t001_warns_when_the_server_reads_larger_messages_than_djwire(monkeypatch, argv, warned):
    monkeypatch.setattr(transport_checks.sys, "argv", argv)
    monkeypatch.delenv("UVICORN_WS_MAX_SIZE", raising=False)
    messages = check_server_limit()
    assert [m.id for m in messages] == (["djwire.T001"] if warned else [])
    if warned:
        assert "max_message_bytes" in messages[0].msg and "65536" in messages[0].hint
