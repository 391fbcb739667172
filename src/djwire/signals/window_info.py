"""What a signal knows of the browser window it came from: the ``window_info`` argument.

A ``WindowInfo`` is built from the request of the page (or of the window's socket) by the
window-info middlewares (``DJWIRE["window_info_middlewares"]``, df_websockets'
``WINDOW_INFO_MIDDLEWARES``; see djwire.signals.ws_middleware), travels to the workers as a
plain dict (``to_dict`` / ``from_dict``), and is handed to the signal as its first argument,
so that the signal can answer the same window, user or session::

    @signal(is_allowed_to=is_authenticated)
    def refresh(window_info, id: int):
        html = render_to_string("row.html", {"id": id}, window_info=window_info)
        trigger(window_info, "html.content", to=WINDOW, selector="#row", content=html)
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Permission
from django.http import HttpRequest
from django.template import loader
from django.utils.module_loading import import_string

from djwire import conf


class WindowInfoHooks(Protocol):
    """What a window-info middleware provides (djwire.signals.ws_middleware implements it)."""

    def from_request(self, request: HttpRequest, window_info: WindowInfo) -> None: ...
    def new_window_info(self, window_info: WindowInfo) -> None: ...
    def to_dict(self, window_info: WindowInfo) -> dict[str, Any]: ...
    def from_dict(self, window_info: WindowInfo, values: dict[str, Any]) -> None: ...
    def get_context(self, window_info: WindowInfo) -> dict[str, Any]: ...
    def before_process(self, window_info: WindowInfo) -> None: ...
    def install_methods(self, window_info_cls: type[WindowInfo]) -> None: ...


class WindowInfo:
    """One browser window: its key, its user, its session, its language and browser.

    ``WindowInfo()`` is an anonymous window with no key (what a shell or a periodic task
    passes to ``trigger``); ``WindowInfo.from_request(request)`` describes the window that made
    ``request``. The fields are those of df_websockets, plus ``session_target``.
    """

    def __init__(self, init: bool = True) -> None:
        # WindowKeyMiddleware
        self.window_key: str | None = None
        # The key of djwire.pubsub.session_target(<session key>), never the session key
        # itself: window_info travels to workers and into logs.
        self.session_target: str | None = None
        # DjangoAuthMiddleware
        self.user_pk: Any = None
        self.username: str | None = None
        self.is_superuser = False
        self.is_staff = False
        self.is_active = False
        self.is_authenticated = False
        self.is_anonymous = True
        self.user_set = False
        self.csrf_cookie = ""
        # Djangoi18nMiddleware, BrowserMiddleware
        self.language_code: str | None = None
        self.user_agent = ""
        # Set by the Celery worker that runs the signal, if any.
        self.celery_request: Any = None
        self._user: AbstractBaseUser | AnonymousUser | None = None
        self._perms: set[str] | None = None
        if init:
            for middleware in middlewares():
                middleware.new_window_info(self)

    @classmethod
    def from_request(cls, request: HttpRequest | WindowInfo | None) -> WindowInfo:
        """The window that made ``request``; a WindowInfo is returned as is, and None gives
        ``WindowInfo()``."""
        if isinstance(request, WindowInfo):
            return request
        if request is None:
            return cls()
        window_info = cls(init=False)
        for middleware in middlewares():
            middleware.from_request(request, window_info)
        return window_info

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> WindowInfo:
        """A WindowInfo from what ``to_dict`` gave (in a worker)."""
        window_info = cls(init=False)
        for middleware in middlewares():
            middleware.from_dict(window_info, values or {})
        return window_info

    def to_dict(self) -> dict[str, Any]:
        """The fields as JSON-able values, for ``from_dict`` in another process."""
        result: dict[str, Any] = {}
        for middleware in middlewares():
            result.update(middleware.to_dict(self))
        return result

    @property
    def user(self) -> AbstractBaseUser | AnonymousUser:
        """The window's user, loaded once; AnonymousUser when there is none (or it was deleted
        since the page was served)."""
        if self._user is None:
            user: AbstractBaseUser | AnonymousUser | None = None
            if self.user_set and self.user_pk is not None:
                user = get_user_model()._default_manager.filter(pk=self.user_pk).first()
            self._user = user if user is not None else AnonymousUser()
        return self._user

    @property
    def perms(self) -> set[str]:
        """The user's permissions as ``"app_label.codename"`` (every one for a superuser)."""
        if self._perms is None:
            if not self.user_set or not self.is_active:
                self._perms = set()
            elif self.is_superuser:
                rows = Permission.objects.values_list("content_type__app_label", "codename")
                self._perms = {f"{app_label}.{codename}" for app_label, codename in rows}
            else:
                # A custom user model without PermissionsMixin has no permissions.
                get_all = getattr(self.user, "get_all_permissions", None)
                self._perms = set(get_all()) if get_all is not None else set()
        return self._perms

    def has_perm(self, perm: str) -> bool:
        """True when the window's user has ``perm`` (``"app_label.codename"``), as Django's
        ``user.has_perm``: an active superuser has every permission, an inactive user none."""
        if not self.user_set or not self.is_active:
            return False
        return self.is_superuser or perm in self.perms

    def __repr__(self) -> str:
        who = self.username if self.user_set else "anonymous"
        return f"<WindowInfo window_key={self.window_key!r} user={who!r}>"


class Session:
    """A Django session as a topic: every window of that session, ``Session(session_key)``."""

    def __init__(self, key: str | None = None) -> None:
        self.key = key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Session) and other.key == self.key

    def __hash__(self) -> int:
        return hash((Session, self.key))

    def __repr__(self) -> str:
        # The key is a credential: it is not shown.
        return "Session(...)" if self.key else "Session()"


def get_window_context(window_info: WindowInfo) -> dict[str, Any]:
    """The template context the middlewares give a window (``user``, ``perms``, ...)."""
    context: dict[str, Any] = {}
    for middleware in middlewares():
        context.update(middleware.get_context(window_info))
    return context


def render_to_string(
    template_name: str | list[str],
    context: dict[str, Any] | None = None,
    window_info: WindowInfo | None = None,
    using: str | None = None,
) -> str:
    """Django's ``render_to_string`` in a signal, where there is no request: the window's
    context (``get_window_context``) is added; keys of ``context`` win over it."""
    full: dict[str, Any] = get_window_context(window_info) if window_info is not None else {}
    full.update(context or {})
    return loader.render_to_string(template_name, full, using=using)


def middlewares() -> tuple[WindowInfoHooks, ...]:
    """The window-info middlewares of the settings, loaded on first use (settings must be
    configured by then, so never at import)."""
    return _load_middlewares(tuple(conf.get("window_info_middlewares")))


# Keyed by the paths, so that override_settings of the middlewares takes effect at once.
@functools.cache
def _load_middlewares(paths: tuple[str, ...]) -> tuple[WindowInfoHooks, ...]:
    loaded: list[WindowInfoHooks] = []
    for path in paths:
        middleware: WindowInfoHooks = import_string(path)()
        middleware.install_methods(WindowInfo)
        loaded.append(middleware)
    return tuple(loaded)
