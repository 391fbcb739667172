"""The Origin check of the socket: scheme, host and port, not the host alone.

Channels' ``AllowedHostsOriginValidator`` compares an Origin's host with ``ALLOWED_HOSTS`` and
ignores its scheme and port, so a page served by ``http://example.com:8080`` (another
program on the same host) could open sockets with the cookies of ``https://example.com``.
djwire accepts a socket whose Origin is the socket's own origin (the scheme of the socket,
``ws`` → ``http`` and ``wss`` → ``https``, and its ``Host`` header, port included) with a host
in ``ALLOWED_HOSTS``, or one listed in full in ``DJWIRE["allowed_origins"]``
(``"https://app.example.com"``; ``"*"`` accepts any). Behind a proxy that ends TLS, run the
server with its proxy headers on (``uvicorn --proxy-headers``) or list the public origin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import validate_host

from djwire import conf

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(scheme: str, netloc: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin, the port filled in; None when it is not one."""
    try:
        parts = urlsplit(f"{scheme}://{netloc}")
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    if not parts.hostname or port is None:
        return None
    return scheme, parts.hostname, port


def parse_origin(text: str) -> tuple[str, str, int] | None:
    """``"https://example.com"`` → ``("https", "example.com", 443)``; None for ``"null"``."""
    scheme, _, rest = text.strip().lower().partition("://")
    if not rest or "/" in rest.rstrip("/"):
        return None
    return _origin(scheme, rest.rstrip("/"))


def origin_allowed(scope: dict[str, Any]) -> bool:
    """True when the socket's Origin header is its own origin or an allowed one."""
    headers = dict(scope.get("headers", []))
    origin_header = headers.get(b"origin", b"").decode("latin1")
    allowed: list[str] = list(conf.get("allowed_origins"))
    if "*" in allowed:
        return True
    origin = parse_origin(origin_header)
    if origin is None:
        return False  # browsers always send it: a socket without one is not a page's
    if origin in {parse_origin(entry) for entry in allowed}:
        return True
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    own = _origin(scheme, headers.get(b"host", b"").decode("latin1").lower())
    return origin == own and validate_host(origin[1], _allowed_hosts())


def _allowed_hosts() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:
        hosts = ["localhost", "127.0.0.1", "[::1]"]  # as Django does under DEBUG
    return hosts


class OriginValidator:
    """ASGI middleware: refuse (HTTP 403 at the handshake) a socket from another origin."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not origin_allowed(scope):
            denier = WebsocketDenier()
            return await denier(scope, receive, send)
        return await self.application(scope, receive, send)
