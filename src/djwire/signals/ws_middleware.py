"""Window-info middlewares: how a request becomes a WindowInfo, and a WindowInfo a dict.

Each middleware owns some fields of ``WindowInfo``: it reads them from the request
(``from_request``), writes them for a worker (``to_dict``) and reads them back there
(``from_dict``); it may add to the template context of ``render_to_string`` (``get_context``)
and prepare the worker's thread before a signal runs (``before_process``). The list is the
setting ``DJWIRE["window_info_middlewares"]`` (df_websockets' ``WINDOW_INFO_MIDDLEWARES``);
add your own to carry more of the request to your signals::

    class TenantMiddleware(WindowInfoMiddleware):
        def from_request(self, request, window_info):
            window_info.tenant_id = request.tenant.id
        def to_dict(self, window_info):
            return {"tenant_id": window_info.tenant_id}
        def from_dict(self, window_info, values):
            window_info.tenant_id = values.get("tenant_id")
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.messages.constants import DEFAULT_LEVELS
from django.http import HttpRequest
from django.utils import translation

from djwire.pubsub.targets import session_target
from djwire.signals.window_info import WindowInfo
from djwire.transport.binding import anonymous_browser_key

# The request attribute that holds the window's key: the socket side sets it from the window's
# join; a page request gets a fresh key, kept here so that every WindowInfo of one request
# names the same window.
WINDOW_KEY_ATTRIBUTE = "djwire_window_key"


def new_window_key() -> str:
    """A fresh, unguessable window key."""
    return secrets.token_urlsafe(16)


class WindowInfoMiddleware:
    """The hooks of a window-info middleware; each default does nothing."""

    def from_request(self, request: HttpRequest, window_info: WindowInfo) -> None:
        """Set the fields of ``window_info`` from ``request``."""

    def new_window_info(self, window_info: WindowInfo) -> None:
        """Set the fields of a window built from nothing (``WindowInfo()``)."""

    def to_dict(self, window_info: WindowInfo) -> dict[str, Any]:
        """The fields, as JSON-able values."""
        return {}

    def from_dict(self, window_info: WindowInfo, values: dict[str, Any]) -> None:
        """Set the fields from what ``to_dict`` gave."""

    def get_context(self, window_info: WindowInfo) -> dict[str, Any]:
        """What a template rendered for this window gets in its context."""
        return {}

    def before_process(self, window_info: WindowInfo) -> None:
        """Prepare the worker's thread before a signal of this window runs."""

    def install_methods(self, window_info_cls: type[WindowInfo]) -> None:
        """Add members to the WindowInfo class (called once, when the middleware is loaded)."""


class WindowKeyMiddleware(WindowInfoMiddleware):
    """``window_key`` (the browser window) and ``session_target`` (its Django session)."""

    def from_request(self, request: HttpRequest, window_info: WindowInfo) -> None:
        key = getattr(request, WINDOW_KEY_ATTRIBUTE, None)
        if not key:
            key = new_window_key()
            setattr(request, WINDOW_KEY_ATTRIBUTE, key)
        window_info.window_key = key
        session = getattr(request, "session", None)
        # An anonymous browser with no session: its tabs are one "session" all the same.
        session_key = getattr(session, "session_key", None) or anonymous_browser_key(request)
        window_info.session_target = session_target(session_key).key if session_key else None

    def to_dict(self, window_info: WindowInfo) -> dict[str, Any]:
        return {
            "window_key": window_info.window_key,
            "session_target": window_info.session_target,
        }

    def from_dict(self, window_info: WindowInfo, values: dict[str, Any]) -> None:
        window_info.window_key = values.get("window_key")
        window_info.session_target = values.get("session_target")

    def get_context(self, window_info: WindowInfo) -> dict[str, Any]:
        return {"df_window_key": window_info.window_key}


class DjangoAuthMiddleware(WindowInfoMiddleware):
    """The user: ``user_pk``, ``username``, ``is_*`` flags, ``user_set``, ``csrf_cookie``."""

    def from_request(self, request: HttpRequest, window_info: WindowInfo) -> None:
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        window_info.user_set = authenticated
        window_info.is_authenticated = authenticated
        window_info.is_anonymous = not authenticated
        if user is not None and authenticated:
            window_info.user_pk = _json_pk(user.pk)
            window_info.username = user.get_username()
            window_info.is_superuser = bool(getattr(user, "is_superuser", False))
            window_info.is_staff = bool(getattr(user, "is_staff", False))
            window_info.is_active = bool(getattr(user, "is_active", True))
            window_info._user = user  # already loaded: spares a query in ``.user``
        else:
            window_info.user_pk = None
            window_info.username = None
            window_info.is_superuser = window_info.is_staff = window_info.is_active = False
        # CsrfViewMiddleware puts the token in META (from the cookie or the session).
        window_info.csrf_cookie = str(
            request.META.get("CSRF_COOKIE") or request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
        )
        window_info._perms = None

    def to_dict(self, window_info: WindowInfo) -> dict[str, Any]:
        perms = window_info._perms
        return {
            "user_pk": window_info.user_pk,
            "username": window_info.username,
            "is_superuser": window_info.is_superuser,
            "is_staff": window_info.is_staff,
            "is_active": window_info.is_active,
            "csrf_cookie": window_info.csrf_cookie,
            # Only when already computed: a trigger should not cost a permissions query.
            "perms": sorted(perms) if perms is not None else None,
            "user_set": window_info.user_set,
        }

    def from_dict(self, window_info: WindowInfo, values: dict[str, Any]) -> None:
        window_info.user_pk = values.get("user_pk")
        window_info.user_set = bool(values.get("user_set", window_info.user_pk is not None))
        window_info.username = values.get("username")
        window_info.is_superuser = bool(values.get("is_superuser", False))
        window_info.is_staff = bool(values.get("is_staff", False))
        window_info.is_active = bool(values.get("is_active", False))
        window_info.csrf_cookie = values.get("csrf_cookie") or ""
        window_info.is_authenticated = window_info.user_set and window_info.user_pk is not None
        window_info.is_anonymous = not window_info.is_authenticated
        perms = values.get("perms")
        window_info._perms = set(perms) if perms is not None else None
        window_info._user = None

    def get_context(self, window_info: WindowInfo) -> dict[str, Any]:
        user = window_info.user
        return {"user": user, "perms": PermWrapper(user), "csrf_token": window_info.csrf_cookie}


class Djangoi18nMiddleware(WindowInfoMiddleware):
    """``language_code``: a signal runs, and renders, in the language of its window."""

    def from_request(self, request: HttpRequest, window_info: WindowInfo) -> None:
        # LocaleMiddleware sets request.LANGUAGE_CODE; without it, the active language.
        window_info.language_code = getattr(request, "LANGUAGE_CODE", None) or (
            translation.get_language() or settings.LANGUAGE_CODE
        )

    def to_dict(self, window_info: WindowInfo) -> dict[str, Any]:
        return {"language_code": window_info.language_code}

    def from_dict(self, window_info: WindowInfo, values: dict[str, Any]) -> None:
        window_info.language_code = values.get("language_code")

    def before_process(self, window_info: WindowInfo) -> None:
        if window_info.language_code:
            translation.activate(window_info.language_code)

    def get_context(self, window_info: WindowInfo) -> dict[str, Any]:
        code = window_info.language_code or settings.LANGUAGE_CODE
        return {
            "LANGUAGES": settings.LANGUAGES,
            "LANGUAGE_CODE": code,
            "LANGUAGE_BIDI": _is_bidi(code),
        }


class BrowserMiddleware(WindowInfoMiddleware):
    """``user_agent``; and an empty ``messages`` context, since a signal has no request to
    carry django.contrib.messages."""

    def from_request(self, request: HttpRequest, window_info: WindowInfo) -> None:
        window_info.user_agent = request.META.get("HTTP_USER_AGENT", "")

    def to_dict(self, window_info: WindowInfo) -> dict[str, Any]:
        return {"user_agent": window_info.user_agent}

    def from_dict(self, window_info: WindowInfo, values: dict[str, Any]) -> None:
        window_info.user_agent = values.get("user_agent") or ""

    def get_context(self, window_info: WindowInfo) -> dict[str, Any]:
        return {
            "df_user_agent": window_info.user_agent,
            "messages": [],
            "DEFAULT_MESSAGE_LEVELS": DEFAULT_LEVELS,
        }


def _json_pk(pk: Any) -> Any:
    # A UUID (or other) primary key travels as text; the user lookup accepts it back.
    return pk if isinstance(pk, int | str) else str(pk)


def _is_bidi(language_code: str) -> bool:
    try:
        return bool(translation.get_language_info(language_code)["bidi"])
    except KeyError:  # a code Django does not know (a custom LANGUAGES entry)
        return False
