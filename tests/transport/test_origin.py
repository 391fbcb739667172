"""The socket's Origin check compares scheme, host and port (issue 12), as Channels'
OriginValidator does with a full origin list."""

import pytest
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from djwire.routing import get_asgi_application
from djwire.transport.origin import origin_allowed, parse_origin


def scope(origin, host="example.com", scheme="wss"):
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return {"type": "websocket", "scheme": scheme, "headers": headers}


@pytest.mark.parametrize(
    ("origin", "host", "scheme", "allowed"),
    [
        ("https://example.com", "example.com", "wss", True),
        ("https://example.com:443", "example.com", "wss", True),
        ("http://127.0.0.1:8000", "127.0.0.1:8000", "ws", True),
        ("http://example.com", "example.com", "wss", False),  # another scheme
        ("https://example.com:8443", "example.com", "wss", False),  # another port
        ("http://127.0.0.1:9000", "127.0.0.1:8000", "ws", False),
        ("https://evil.com", "evil.com", "wss", False),  # not in ALLOWED_HOSTS
        (None, "example.com", "wss", False),  # no Origin: not a browser's page
        ("null", "example.com", "wss", False),
    ],
)
def test_an_origin_must_be_the_sockets_own_scheme_host_and_port(origin, host, scheme, allowed):
    with override_settings(ALLOWED_HOSTS=["example.com", "127.0.0.1"]):
        assert origin_allowed(scope(origin, host, scheme)) is allowed


def test_allowed_origins_lists_other_origins_in_full():
    with override_settings(
        ALLOWED_HOSTS=["example.com"],
        DJWIRE={"allowed_origins": ["https://app.example.com"]},
    ):
        assert origin_allowed(scope("https://app.example.com"))
        assert not origin_allowed(scope("http://app.example.com"))
        assert not origin_allowed(scope("https://app.example.com:8443"))
    with override_settings(DJWIRE={"allowed_origins": ["*"]}):
        assert origin_allowed(scope("https://anywhere.test"))


def test_parse_origin_fills_in_default_ports():
    assert parse_origin("https://Example.com") == ("https", "example.com", 443)
    assert parse_origin("http://example.com:8080") == ("http", "example.com", 8080)
    assert parse_origin("null") is None


@pytest.mark.parametrize(
    ("origin", "accepted"), [("http://testserver", True), ("http://testserver:8080", False)]
)
async def test_the_asgi_application_refuses_a_socket_from_another_port(origin, accepted):
    communicator = WebsocketCommunicator(
        get_asgi_application(),
        "/djwire/ws/",
        headers=[(b"host", b"testserver"), (b"origin", origin.encode())],
    )
    connected, _ = await communicator.connect()
    assert connected is accepted
    await communicator.disconnect()
