"""The request a LiveView sees over the socket: the user, session and headers of the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict


def request_from_scope(scope: dict[str, Any], path: str, query: str) -> HttpRequest:
    """An HttpRequest for ``mount()``/handlers over the socket, from the socket's ASGI scope."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(query)
    request.META = {"QUERY_STRING": query, "PATH_INFO": path}
    for name, value in scope.get("headers", []):
        key = name.decode("latin1").upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = f"HTTP_{key}"
        request.META[key] = value.decode("latin1")
    client = scope.get("client")
    if client:
        request.META["REMOTE_ADDR"] = client[0]
    server = scope.get("server")
    if server:
        request.META["SERVER_NAME"], request.META["SERVER_PORT"] = server[0], str(server[1])
    if "session" in scope:
        request.session = scope["session"]
    if "user" in scope:
        request.user = scope["user"]
    request.scope = scope  # type: ignore[attr-defined]
    return request
