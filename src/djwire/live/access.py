"""Who may join a LiveView: the page's own Django access checks, run again at every join.

A LiveView is protected the Django way: ``LoginRequiredMixin`` and friends, a
``method_decorator(login_required, name="dispatch")``, ``login_required(View.as_view())`` in
the URLconf, or djust's ``login_required = True`` / ``permission_required = "app.perm"``.
Over HTTP they answer as Django does (a redirect to the login page, a 403). Over the socket a
join runs the same Django view the page's URL resolves to, decorators and ``dispatch()``
included, with the socket's request (its user read from the session now): the view's
``dispatch`` stops short of rendering and answers "allowed" (http.py). Anything else — a
redirect, a 403, ``PermissionDenied`` — refuses the join with ``login_required`` (no user
logged in) or ``forbidden``, and the client reloads the page so that Django's answer applies.
(A socket that reconnects after the logout has no session at all: its join is refused with
``stale_session`` before any of this, and the client reloads too.)
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve

from djwire.live.grant import JoinGrant
from djwire.live.http import ACCESS_CHECK, is_allowed, view_function
from djwire.live.stateful import StatefulView
from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_FORBIDDEN, ERROR_JOIN_FAILED, ERROR_LOGIN_REQUIRED

logger = logging.getLogger("djwire.live")


def check_access(cls: type[StatefulView], request: HttpRequest, grant: JoinGrant) -> None:
    """Run the page's Django view for ``request`` without rendering; ProtocolError
    (``login_required`` / ``forbidden``) when its access checks refuse. Sync thread."""
    callback, args = _routed_view(cls, grant.path)
    setattr(request, ACCESS_CHECK, True)
    try:
        response = callback(request, *args, **grant.kwargs)
    except PermissionDenied as error:
        _refuse(request, grant, f"PermissionDenied{f': {error}' if str(error) else ''}")
    except Http404:
        _refuse(request, grant, "Http404")
    except Exception as error:
        logger.exception("checking access to %s over the socket failed", grant.view_path)
        raise ProtocolError(
            ERROR_JOIN_FAILED,
            f"checking access to {grant.view_path} raised {type(error).__name__}",
        ) from None
    finally:
        delattr(request, ACCESS_CHECK)
    if not is_allowed(response):
        _refuse(request, grant, _describe(response))


def _routed_view(cls: type[StatefulView], path: str) -> tuple[Any, tuple[Any, ...]]:
    """The view the page's path resolves to, with the decorators the URLconf put on it; the
    class's own view when the path no longer routes to it."""
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and getattr(match.func, "view_class", None) is cls:
        return match.func, tuple(match.args)
    return view_function(cls, {}), ()


def _refuse(request: HttpRequest, grant: JoinGrant, answer: str) -> NoReturn:
    user = getattr(request, "user", None)
    logged_in = bool(getattr(user, "is_authenticated", False))
    code = ERROR_FORBIDDEN if logged_in else ERROR_LOGIN_REQUIRED
    who = "this user" if logged_in else "a user who is not logged in"
    reason = f"{grant.view_path} refuses {who} ({answer}); reload the page"
    raise ProtocolError(code, reason)


def _describe(response: HttpResponseBase) -> str:
    location = response.get("Location")
    if location:
        return f"the page redirects to {location}"
    return f"the page answers {response.status_code}"
