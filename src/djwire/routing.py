"""The socket's URL and the ASGI application for asgi.py."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.urls import path

from djwire import conf

if TYPE_CHECKING:
    from djwire.live.view import LiveView


def _socket_route() -> str:
    return str(conf.get("socket_path")).lstrip("/")


def _websocket_urlpatterns() -> list[Any]:
    from djwire.transport import SocketConsumer

    consumer: Any = SocketConsumer.as_asgi()  # Django's path() is typed for views only
    return [path(_socket_route(), consumer)]


def get_asgi_application(websocket_urlconf: str | None = None) -> Any:
    """The whole ASGI app: Django for HTTP, djwire's socket behind auth and origin checks.

    ``websocket_urlconf``: a module whose ``websocket_urlpatterns`` are served beside the
    socket, behind the same checks (a channel on a route of its own,
    ``path("ws/post/<int:post_id>/", BlogPostChannel.as_asgi())``); imported once Django is
    set up, like ``ROOT_URLCONF``.

    ``asgi.py``::

        import os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
        from djwire.routing import get_asgi_application
        application = get_asgi_application()

    With ``DEBUG = True`` static files are served too, as ``runserver`` does, when
    ``django.contrib.staticfiles`` is installed and ``STATIC_URL`` set.
    """
    from django.core.asgi import get_asgi_application as django_asgi_application

    http = django_asgi_application()  # sets Django up: import nothing of Django's apps before

    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from django.conf import settings

    # Only with the staticfiles app (and its STATIC_URL): without them the handler refuses to
    # start, and check djwire.S002 says how {% djwire_scripts %} can be served instead.
    if settings.DEBUG and _serves_static_files():
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        http = ASGIStaticFilesHandler(http)
    from djwire.signals.routing import channel_router
    from djwire.transport.checks import check_server_limit
    from djwire.transport.serving import mark_serving_sockets

    # A push from this process may reach its own sockets (djwire.pubsub.publish warns when not).
    mark_serving_sockets()
    # uvicorn and daphne run no system checks: the server's own message limit is checked
    # here, at startup, and logged.
    for warning in check_server_limit():
        logging.getLogger("djwire").warning(
            "%s HINT: %s (%s)", warning.msg, warning.hint, warning.id
        )

    from djwire.transport.origin import OriginValidator

    patterns = _websocket_urlpatterns()
    if websocket_urlconf is not None:
        from importlib import import_module

        patterns += list(import_module(websocket_urlconf).websocket_urlpatterns)
    socket = OriginValidator(AuthMiddlewareStack(URLRouter(patterns)))
    routes: dict[str, Any] = {"http": http, "websocket": socket}
    workers = channel_router()  # signals run by `manage.py runworker <queue>`
    if workers is not None:
        routes["channel"] = workers
    return ProtocolTypeRouter(routes)


def _serves_static_files() -> bool:
    """True when Django's staticfiles app can serve djwire's script (app installed, URL set)."""
    from django.apps import apps
    from django.conf import settings

    return apps.is_installed("django.contrib.staticfiles") and bool(settings.STATIC_URL)


def live_session(view_class: type[LiveView], /, **providers: Callable[[], Any]) -> Any:
    """Route a LiveView whose ``mount()`` receives services: the dependency-injection pattern.

    ``urls.py``::

        path("dashboard/", live_session(DashboardView, metrics_client=get_metrics_client))

    Each provider is called with no arguments for every connection (the HTTP render and every
    join over the socket, including after a reconnect or a server restart) and its result is
    passed to ``mount()`` as a keyword argument of the provider's name. Keep it private in
    the view (``self._metrics_client = metrics_client``): it is never saved nor sent. Tests
    route the view with fakes. The providers come from the URLconf only: a browser cannot
    choose them.
    """
    from djwire.live.providers import live_session as make_view

    return make_view(view_class, providers)


def __getattr__(name: str) -> Any:
    # websocket_urlpatterns is built on first use so the socket path setting is read after
    # Django's settings are configured.
    if name == "websocket_urlpatterns":
        return _websocket_urlpatterns()
    raise AttributeError(name)


__all__ = ["get_asgi_application", "live_session", "websocket_urlpatterns"]  # noqa: F822
