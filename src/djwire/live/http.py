"""The first render of a LiveView, over HTTP: a full page that works without JavaScript.

``view_function()`` builds the one Django view function every LiveView is served by
(``LiveView.as_view()`` and ``live_session()`` both use it); it mounts the view, signs the join
token, embeds the rendered tree for the client, and holds the mounted view for the socket's
join (handoff.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
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
from djwire.live.stateful import StatefulView, view_path
from djwire.live.template import RENDER_KEY
from djwire.live.tree import Statics, to_html
from djwire.transport.request import ensure_session_key


def view_function(
    cls: type[StatefulView], initkwargs: dict[str, Any], providers: Providers = NO_PROVIDERS
) -> Callable[..., HttpResponse]:
    """The Django view serving ``cls``: GET and HEAD render the page, other methods get 405."""
    serve(cls)  # joins may name cls from now on (registry.py)

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return serve_http(cls, initkwargs, request, args, kwargs, providers=providers)

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
        statics = Statics()
        statics.collect(tree)
        data = orjson.dumps(tree).replace(b"<", b"\\u003c").decode()
        script = f'<script type="application/json" dj-tree>{data}</script>'
        return script + to_html(tree, statics)


def serve_http(
    cls: type[StatefulView],
    initkwargs: dict[str, Any],
    request: HttpRequest,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    providers: Providers = NO_PROVIDERS,
) -> HttpResponse:
    """Render ``cls`` for ``request``; ``providers`` (from ``live_session()``) are called and
    their results passed to ``mount()``."""
    view = cls(**initkwargs)
    view.setup(request, *args, **kwargs)
    view.mount(request, **kwargs, **provide(providers, kwargs))
    if serialization.is_strict():  # the developer sees at once what the join could not save
        serialization.check_serializable(view, view.state_names())
    session_key = ensure_session_key(request)
    grant = JoinGrant(
        view_path(cls),
        dict(kwargs),
        request.META.get("QUERY_STRING", ""),
        secrets.token_hex(16),
        request.path,
    )
    mounted = MountedView(view, grant, version=1)
    token = make_token(grant, session_key)
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
