"""What a join token is bound to: the page's Django session, or, for an anonymous page with no
session, the browser's CSRF secret. Nothing is stored on the server for an anonymous page.

A token must be usable only by the browser it was served to: a token that leaks (a log, a
cached page, a Referer) must not let anyone else join. A page with a session binds its tokens
to the session key. An anonymous page used to get a session made for it (a row in
``django_session`` per page load, kept two weeks) only to have a key to bind to. Instead it
binds to the CSRF secret Django's ``CsrfViewMiddleware`` keeps in a cookie of the browser: a
random value per browser that another site cannot read, that Django stores nowhere, and that
``login()`` rotates. The socket's handshake carries that cookie, so only a socket of the same
browser presents the same secret.

A socket that has a session presents the session, never the CSRF secret: when a session
appears after an anonymous page was served (a login in another tab), that page's tokens are
``stale_session`` and the page reloads, so a token served anonymously never reads a session's
state. Without the CSRF middleware (or with ``CSRF_USE_SESSIONS``, which keeps the secret in
the session) there is no secret outside the session, and a session is made as before.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.cookie import parse_cookie
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.module_loading import import_string

from djwire.transport.request import ensure_session_key, session_key_of


def session_binding(session_key: str | None) -> str:
    """What a token stores of the session: a hash, never the key itself."""
    return hashlib.sha256((session_key or "").encode()).hexdigest()[:24]


def browser_binding(csrf_secret: str) -> str:
    """What a token stores of an anonymous browser's CSRF secret: a hash of another purpose
    than the secret's, so that the token tells nothing of it."""
    return "b." + hashlib.sha256(f"djwire.browser:{csrf_secret}".encode()).hexdigest()[:24]


def page_binding(request: HttpRequest) -> str:
    """The binding of the tokens a page served to ``request`` hands out. Makes no session for
    an anonymous page; saves one now only if the view wrote to it (Django's session
    middleware would save it after the response anyway, and the token must name its key)."""
    session: Any = getattr(request, "session", None)
    if session is not None:
        if session.session_key is None and session.modified and not session.is_empty():
            session.save()
        if session.session_key is not None:
            return session_binding(session.session_key)
    if csrf_cookie_holds_secret():
        get_token(request)  # CsrfViewMiddleware sets (or renews) the browser's cookie
        return browser_binding(request.META["CSRF_COOKIE"])
    if session is not None:
        return session_binding(ensure_session_key(request))
    return session_binding(None)


def socket_binding(scope: dict[str, Any]) -> str:
    """The binding a socket presents: its session's, else its browser's CSRF secret."""
    session_key = session_key_of(scope)
    if session_key is not None:
        return session_binding(session_key)
    secret = _socket_csrf_secret(scope)
    return session_binding(None) if secret is None else browser_binding(secret)


def anonymous_browser_key(request: HttpRequest) -> str | None:
    """What stands for the session key of a browser with no session (its CSRF secret): the
    key of ``SESSION`` for its windows, every tab of that browser. None without a secret.
    Works for a page's request and for a socket's (``request_from_scope``)."""
    if not csrf_cookie_holds_secret():
        return None
    # A page's request: the CSRF middleware's, or get_token()'s when it gave the browser its
    # first (the request's own cookies, ASGI scope included, have none yet then).
    secret = request.META.get("CSRF_COOKIE") or request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    scope = getattr(request, "scope", None)
    if not secret and scope is not None:  # a socket's request (request_from_scope)
        return socket_browser_key(scope)
    return f"browser:{secret}" if secret else None


def socket_browser_key(scope: dict[str, Any]) -> str | None:
    """:func:`anonymous_browser_key` of the browser whose socket has ``scope``."""
    secret = _socket_csrf_secret(scope)
    return None if secret is None else f"browser:{secret}"


def _socket_csrf_secret(scope: dict[str, Any]) -> str | None:
    if not csrf_cookie_holds_secret():
        return None
    return _cookies(scope).get(settings.CSRF_COOKIE_NAME) or None


def csrf_cookie_holds_secret() -> bool:
    """Whether the browser keeps a CSRF secret in a cookie (``CsrfViewMiddleware`` installed,
    ``CSRF_USE_SESSIONS`` off): what an anonymous page's tokens are bound to."""
    return _holds_secret(tuple(settings.MIDDLEWARE), settings.CSRF_USE_SESSIONS)


@functools.lru_cache(maxsize=8)  # asked at every page render and join; settings rarely change
def _holds_secret(paths: tuple[str, ...], use_sessions: bool) -> bool:
    if use_sessions:
        return False
    for path in paths:
        try:
            middleware = import_string(path)
        except ImportError:
            continue
        if isinstance(middleware, type) and issubclass(middleware, CsrfViewMiddleware):
            return True
    return False


def _cookies(scope: dict[str, Any]) -> dict[str, str]:
    # Channels' CookieMiddleware (in AuthMiddlewareStack) parses them; else the header.
    cookies: dict[str, str] | None = scope.get("cookies")
    if cookies is not None:
        return cookies
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            return parse_cookie(value.decode("latin1"))
    return {}
