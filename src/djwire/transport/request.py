"""The socket's request: the user, session, headers and language of the page, for any join."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict


def request_from_scope(scope: dict[str, Any], path: str, query: str) -> HttpRequest:
    """An HttpRequest for code run over the socket (a LiveView's ``mount()`` and handlers, a
    signal, an action), from the socket's ASGI scope, as if ``path?query`` had been requested."""
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


def ensure_session_key(request: Any) -> str | None:
    """The request's session key, made now if the session has none yet (join tokens are bound
    to it); None without the session middleware."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if session.session_key is None:
        session["_djwire"] = True  # an empty session is never saved nor sent as a cookie
        session.save()
    key: str = session.session_key
    return key


def session_key_of(scope: dict[str, Any]) -> str | None:
    """The Django session key of the socket's page, or None (no session middleware, or none yet)."""
    session = scope.get("session")
    return None if session is None else session.session_key
