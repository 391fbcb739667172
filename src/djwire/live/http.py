"""The first render of a LiveView, over HTTP: a full page that works without JavaScript.

``view_function()`` builds the one Django view function every LiveView is served by
(``LiveView.as_view()`` and ``live_session()`` both use it); it mounts the view, signs the join
token, embeds what the client needs to read the rendered tree back from the page (the tree's
shape, not its values: template/embed.py), and holds the mounted view for the socket's join
(handoff.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.template import Context
from django.template.context import make_context
from django.utils.html import escape

from djwire.live import serialization
from djwire.live.devcheck import check_render
from djwire.live.grant import JoinGrant, make_token
from djwire.live.handoff import get_handoffs, save_on_render
from djwire.live.mounted import MountedView
from djwire.live.registry import serve
from djwire.live.services import NO_PROVIDERS, Providers, provide
from djwire.live.stateful import StatefulView, run_mount, view_path
from djwire.live.template import RENDER_KEY
from djwire.live.template.embed import region_html
from djwire.transport.binding import page_binding


def view_function(
    cls: type[StatefulView], initkwargs: dict[str, Any], providers: Providers = NO_PROVIDERS
) -> Callable[..., HttpResponseBase]:
    """The Django view serving ``cls``: a view instance set up for the request, then its
    ``dispatch()`` (``LiveView.dispatch``: access checks, then :func:`render_page`)."""
    serve(cls)  # joins may name cls from now on (registry.py)

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        instance = cls(**initkwargs)
        instance._dj_providers = providers
        instance.setup(request, *args, **kwargs)
        # LiveView.dispatch: access mixins and method_decorator(..., name="dispatch") wrap it.
        dispatch = cast(Callable[..., HttpResponseBase], instance.dispatch)  # type: ignore[attr-defined]
        return dispatch(request, *args, **kwargs)

    view.view_class = cls  # type: ignore[attr-defined]
    view.view_initkwargs = initkwargs  # type: ignore[attr-defined]
    if providers:
        view.providers = providers  # type: ignore[attr-defined]
    view.__doc__ = cls.__doc__
    view.__module__ = cls.__module__
    view.__name__ = cls.__name__
    return view


class _HttpRender:
    """What the page template's djwire nodes write during the first HTTP render."""

    def __init__(self, mounted: MountedView, token: str) -> None:
        self.mounted = mounted
        self.token = token

    def root_attrs(self) -> str:
        return (
            f' dj-view="{escape(self.mounted.grant.view_path)}"'
            f' dj-token="{escape(self.token)}" dj-v="{self.mounted.version}"'
        )

    def render_region(self, context: Context) -> str:
        mounted = self.mounted
        root, tree = mounted.renderer.render_block(mounted.template.block, context)
        mounted.took_first_render(root, context)
        return region_html(mounted.template.block, tree)


# Set on the socket's request while a join runs the page's view to check access (access.py):
# dispatch() then answers _Allowed instead of rendering.
ACCESS_CHECK = "_djwire_access_check"


class _Allowed(HttpResponse):
    """What ``dispatch()`` answers to an access check that every check let through."""


def is_allowed(response: object) -> bool:
    """True for the answer of a ``dispatch()`` that reached the render: access granted."""
    return isinstance(response, _Allowed)


def render_page(
    view: StatefulView, request: HttpRequest, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> HttpResponseBase:
    """What ``LiveView.dispatch`` does once access is granted: GET and HEAD render the page
    (or, for a join's access check, answer that it would), other methods get 405."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if getattr(request, ACCESS_CHECK, False):
        return _Allowed()
    providers: Providers = getattr(view, "_dj_providers", NO_PROVIDERS)
    return serve_http(view, request, args, kwargs, providers=providers)


def serve_http(
    view: StatefulView,
    request: HttpRequest,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    providers: Providers = NO_PROVIDERS,
) -> HttpResponse:
    """Render ``view`` (set up for ``request``); ``providers`` (from ``live_session()``) are
    called and their results passed to ``mount()``."""
    cls = type(view)
    run_mount(view, request, {**kwargs, **provide(providers, kwargs)})
    if serialization.is_strict():  # the developer sees at once what the join could not save
        serialization.check_serializable(view, view.state_names())
    grant = JoinGrant(
        view_path(cls),
        dict(kwargs),
        request.META.get("QUERY_STRING", ""),
        secrets.token_hex(16),
        request.path,
    )
    mounted = MountedView(view, grant, version=1)
    view._dj_tracker.settle()  # before the render holds the rows: what mount() did, settled
    token = make_token(grant, page_binding(request))
    page = mounted.template.live.page
    data = view.get_context_data()
    data[RENDER_KEY] = _HttpRender(mounted, token)
    context = make_context(data, request, autoescape=page.engine.autoescape)
    html = page.render(context)
    if settings.DEBUG:
        check_render(cls, mounted.template, html)
    view._dj_tracker.reset()
    if save_on_render():
        mounted.save()
    get_handoffs().put(mounted)  # the join that follows takes it as it is
    return HttpResponse(html)
