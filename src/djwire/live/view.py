"""``LiveView``: a view class whose public attributes are state and whose page stays live."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url

from djwire.live.http import render_page, view_function
from djwire.live.stateful import StatefulView, state

__all__ = ["LiveView", "state"]


class LiveView(StatefulView):
    """A server-rendered view patched over a WebSocket.

    Write ``template_name``, ``mount(request, **kwargs)`` and methods marked with
    ``@event_handler``. Public attributes (and ``state(...)`` declarations) are the state;
    attributes starting with ``_`` are private: never sent, saved or settable from a browser.

    Access is checked the Django way, over HTTP and again at every join over the socket
    (docs/auth.md): Django's access mixins before ``LiveView`` in the bases,
    ``method_decorator(login_required, name="dispatch")``, a decorated ``as_view()`` in the
    URLconf, or these attributes (djust's names): ``login_required = True`` and
    ``permission_required = "app.perm"`` (or a list of them), with the attributes of
    Django's ``AccessMixin``: ``login_url``, ``redirect_field_name``, ``raise_exception``,
    ``permission_denied_message``.
    """

    login_required: ClassVar[bool] = False
    permission_required: ClassVar[str | Sequence[str] | None] = None
    # Django's AccessMixin's, which LiveView cannot inherit: importing django.contrib.auth's
    # mixins loads its models, and ``djwire.LiveView`` is importable before the apps are.
    login_url: ClassVar[str | None] = None
    permission_denied_message: ClassVar[str] = ""
    raise_exception: ClassVar[bool] = False
    redirect_field_name: ClassVar[str] = "next"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for klass in cls.__mro__[cls.__mro__.index(LiveView) + 1 :]:
            if "dispatch" in vars(klass):
                # Its dispatch() would never run: LiveView.dispatch does not call it, so the
                # access check it makes would be skipped without a word.
                raise TypeError(
                    f"{cls.__qualname__}: {klass.__name__} comes after LiveView in the bases, "
                    f"so its dispatch() never runs. Put it first: class {cls.__name__}("
                    f"{klass.__name__}, LiveView)."
                )

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., HttpResponseBase]:
        """The Django view serving the first render over HTTP: ``path("x/", V.as_view())``."""
        for key in initkwargs:
            if not hasattr(cls, key):
                raise TypeError(f"{cls.__name__}.as_view() got {key!r}, which is not an attribute")
        return view_function(cls, initkwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Check ``login_required`` and ``permission_required``, then render the page.

        Access mixins and ``method_decorator(..., name="dispatch")`` wrap this method, as on
        any Django class-based view. A join over the socket runs it again with the socket's
        request; there it stops before rendering (the join mounts the view itself).
        """
        user = getattr(request, "user", None)
        if self.login_required and not getattr(user, "is_authenticated", False):
            return self.handle_no_permission()
        from django.contrib.auth.mixins import PermissionRequiredMixin

        perms = self.permission_required
        # PermissionRequiredMixin reads permission_required (and may override has_permission)
        # itself: checking it here as well could refuse what the mixin allows.
        if perms and not isinstance(self, PermissionRequiredMixin):
            wanted = (perms,) if isinstance(perms, str) else tuple(perms)
            if user is None or not user.has_perms(wanted):
                return self.handle_no_permission()
        return render_page(self, request, args, kwargs)

    def get_login_url(self) -> str:
        """Where a user who must log in is sent: ``login_url``, else ``settings.LOGIN_URL``."""
        return str(resolve_url(self.login_url or settings.LOGIN_URL))

    def handle_no_permission(self) -> HttpResponseBase:
        """As Django's ``AccessMixin``: 403 (``PermissionDenied``) for a logged-in user or
        with ``raise_exception``, else a redirect to the login page that comes back here."""
        from django.contrib.auth.views import redirect_to_login

        user = getattr(self.request, "user", None)
        if self.raise_exception or getattr(user, "is_authenticated", False):
            raise PermissionDenied(self.permission_denied_message)
        path = self.request.get_full_path()
        return redirect_to_login(path, self.get_login_url(), self.redirect_field_name)
