"""A window's grant: which topics a page may listen to, signed into the page it was served in.

``set_websocket_topics(request, ...)`` records the window's key and topic keys on the request;
``{% djwire_scripts %}`` writes the signed token (``window_token(request)``) on its script tag.
The socket side reads it back when the page joins ``sig:``: a browser can listen only to the
topics a page of its own session was given, and each tab has its own window key (df_websockets
kept one window key in a cookie shared by every tab, which let a tab read another's signals).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from djwire.transport.binding import page_binding
from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_BAD_TOKEN
from djwire.transport.tokens import ISSUED, sign_token, verify_token

_SALT = "djwire.window"
_GRANT = "djwire_window"
_KEY = "djwire_window_key"


@dataclass(frozen=True)
class WindowGrant:
    """What a window token allows: the window's key and the topic keys it listens to."""

    window_key: str
    topics: tuple[str, ...]
    # When the page's first token was signed (None: now); refreshes keep it.
    issued: int | None = None


def window_key_of(request: Any) -> str:
    """The key of the window a request renders (one per request: every tab is a window)."""
    key: str | None = getattr(request, _KEY, None)
    if key is None:
        key = secrets.token_urlsafe(16)
        setattr(request, _KEY, key)
    return key


def grant_window(request: HttpRequest, topics: Iterable[str]) -> WindowGrant:
    """Make the page ``request`` renders a window listening to ``topics`` (keys)."""
    grant = WindowGrant(window_key_of(request), tuple(dict.fromkeys(topics)))
    setattr(request, _GRANT, grant)
    return grant


def granted_window(request: Any) -> WindowGrant | None:
    """The window ``request`` renders, if its view called ``set_websocket_topics``."""
    grant: WindowGrant | None = getattr(request, _GRANT, None)
    return grant


def window_token(request: HttpRequest) -> str | None:
    """The signed token of the window ``request`` renders, or None when it is not a window."""
    grant = granted_window(request)
    if grant is None:
        return None
    return make_window_token(grant, page_binding(request))


def make_window_token(grant: WindowGrant, binding: str) -> str:
    """The token of ``grant``, bound to ``binding`` (djwire.transport.binding)."""
    claims: dict[str, Any] = {"w": grant.window_key, "t": list(grant.topics)}
    if grant.issued is not None:
        claims[ISSUED] = grant.issued
    return sign_token(claims, salt=_SALT, binding=binding)


def read_window_token(token: Any, binding: str) -> WindowGrant:
    """The grant of a valid window token, or ProtocolError(bad_token / token_expired)."""
    claims = verify_token(token, salt=_SALT, binding=binding)
    key, topics = claims.get("w"), claims.get("t")
    if not isinstance(key, str) or not isinstance(topics, list):
        raise ProtocolError(ERROR_BAD_TOKEN, "the token is not a window's")
    return WindowGrant(key, tuple(str(topic) for topic in topics), claims.get(ISSUED))
