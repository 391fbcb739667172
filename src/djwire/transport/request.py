"""The socket's request: the user, session, headers and language of the page, for any join."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property


class SocketRequest(HttpRequest):
    """The request a join's code sees (:func:`request_from_scope`). A LiveView keeps it as
    ``self.request`` for as long as its page is open, so what few handlers read (``META``,
    ``GET``, ``POST``, ``COOKIES``, ``FILES``) is built from the scope when first read, not
    per join: a socket's headers copied into ``META`` and four empty dicts were ~2.5 KB held
    by every idle view (docs/benchmarks.md, "Memory per connection")."""

    def __init__(self, scope: dict[str, Any], path: str, query: str) -> None:
        # HttpRequest.__init__ is not called: it makes the five dicts up front. What else it
        # sets is set here.
        self.method = "GET"
        self.path = self.path_info = path
        self.resolver_match = None
        self.content_type = None
        self.content_params = None
        self.scope = scope
        self._query = query

    @cached_property
    def META(self) -> dict[str, Any]:  # type: ignore[override]
        meta = {"QUERY_STRING": self._query, "PATH_INFO": self.path}
        for name, value in self.scope.get("headers", []):
            key = name.decode("latin1").upper().replace("-", "_")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = f"HTTP_{key}"
            meta[key] = value.decode("latin1")
        client = self.scope.get("client")
        if client:
            meta["REMOTE_ADDR"] = client[0]
        server = self.scope.get("server")
        if server:
            meta["SERVER_NAME"], meta["SERVER_PORT"] = server[0], str(server[1])
        return meta

    @cached_property
    def GET(self) -> QueryDict:  # type: ignore[override]
        return QueryDict(self._query)

    @cached_property
    def POST(self) -> QueryDict:  # type: ignore[override]
        return QueryDict(mutable=True)

    @cached_property
    def COOKIES(self) -> dict[str, str]:  # type: ignore[override]
        return {}

    @cached_property
    def FILES(self) -> MultiValueDict[str, Any]:  # type: ignore[override]
        return MultiValueDict()


def request_from_scope(scope: dict[str, Any], path: str, query: str) -> HttpRequest:
    """An HttpRequest for code run over the socket (a LiveView's ``mount()`` and handlers, a
    signal, an action), from the socket's ASGI scope, as if ``path?query`` had been requested.

    Its ``user`` is :func:`session_user`: who the session says is logged in now, not when the
    socket connected. Runs in the sync thread (it may read the session store)."""
    request = SocketRequest(scope, path, query)
    if "session" in scope:
        request.session = scope["session"]
    if "user" in scope:
        request.user = session_user(scope)
    return request


def session_user(scope: dict[str, Any]) -> Any:
    """The socket's user as its Django session names it now.

    Channels resolves ``scope["user"]`` once, when the socket connects; a logout in another
    tab (or a password change, or an expired session) does not reach it. So a user the
    session logged in is read again from the session store, as Django's auth middleware does
    on every request: an ended session gives ``AnonymousUser``, and the user object is fresh
    (its permission caches too). A user that the session did not log in (set by another ASGI
    middleware, or by a test) is taken as it is.
    """
    # Imported here: importing djwire.transport must not load django.contrib.auth's models.
    from django.contrib.auth import SESSION_KEY, get_user

    user = scope.get("user")
    session = scope.get("session")
    if session is None or not getattr(user, "is_authenticated", False):
        return user
    key = session.session_key
    if key is None or session.get(SESSION_KEY) is None:
        return user
    probe = HttpRequest()
    probe.session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return get_user(probe)


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
