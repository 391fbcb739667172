"""The routed channels of a project: its WebSocket URL patterns that serve a ContextChannel
(``path("ws/post/<int:post_id>/", BlogPostChannel.as_asgi())``), with their URL kwargs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import URLPattern, URLResolver
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern, RoutePattern

if TYPE_CHECKING:
    from djwire.sync.channels import ContextChannel


@dataclass(frozen=True)
class RouteKwarg:
    """One URL kwarg of a route: its name and its TypeScript type."""

    name: str
    ts_type: str


@dataclass(frozen=True)
class ChannelRoute:
    """A channel class and the route that serves it."""

    channel: type[ContextChannel]
    route: str
    kwargs: tuple[RouteKwarg, ...]


def routed_channels(patterns: Iterable[Any]) -> list[ChannelRoute]:
    """The channels ``patterns`` (URL patterns, URLRouters, ASGI middleware around them)
    serve, each with its first route, in route order."""
    found: dict[type[ContextChannel], ChannelRoute] = {}
    for prefix, kwargs, callback, pattern in _walk(patterns, "", ()):
        channel = _channel_of(callback)
        if channel is not None and channel not in found:
            route = prefix + _route_text(pattern)
            found[channel] = ChannelRoute(channel, route, kwargs + _kwargs_of(pattern))
    return list(found.values())


def asgi_routes() -> list[Any]:
    """The project's ASGI application (``settings.ASGI_APPLICATION``), to walk for routes."""
    from channels.routing import get_default_application

    return [get_default_application()]


def _walk(
    items: Iterable[Any], prefix: str, kwargs: tuple[RouteKwarg, ...]
) -> Iterator[tuple[str, tuple[RouteKwarg, ...], Any, Any]]:
    for item in items:
        yield from _walk_one(item, prefix, kwargs, depth=0)


def _walk_one(
    item: Any, prefix: str, kwargs: tuple[RouteKwarg, ...], depth: int
) -> Iterator[tuple[str, tuple[RouteKwarg, ...], Any, Any]]:
    if depth > 20:  # middleware wrapping itself: not a route
        return
    if isinstance(item, URLPattern):
        nested = getattr(item.callback, "routes", None)
        if isinstance(nested, list | tuple):  # a URLRouter in a URLRouter
            inner = prefix + _route_text(item.pattern)
            yield from _walk(nested, inner, kwargs + _kwargs_of(item.pattern))
        else:
            yield prefix, kwargs, item.callback, item.pattern
        return
    if isinstance(item, URLResolver):
        inner = prefix + _route_text(item.pattern)
        yield from _walk(item.url_patterns, inner, kwargs + _kwargs_of(item.pattern))
        return
    # channels' URLRouter (routes), ProtocolTypeRouter (application_mapping), and middleware
    # (inner, app, application): the ASGI layers around the routes.
    routes = getattr(item, "routes", None)
    if isinstance(routes, list | tuple):
        for route in routes:
            yield from _walk_one(route, prefix, kwargs, depth + 1)
        return
    mapping = getattr(item, "application_mapping", None)
    if isinstance(mapping, dict):
        for app in mapping.values():
            yield from _walk_one(app, prefix, kwargs, depth + 1)
        return
    for attribute in ("inner", "app", "application"):
        inner_app = getattr(item, attribute, None)
        if inner_app is not None and inner_app is not item:
            yield from _walk_one(inner_app, prefix, kwargs, depth + 1)
            return


def _channel_of(callback: Any) -> type[ContextChannel] | None:
    from djwire.sync.channels import ContextChannel

    consumer = getattr(callback, "consumer_class", None)
    channel = getattr(consumer, "context_channel_class", None)
    if isinstance(channel, type) and issubclass(channel, ContextChannel):
        return channel
    return None


def _route_text(pattern: Any) -> str:
    if isinstance(pattern, RoutePattern):
        return str(getattr(pattern, "_route", pattern))
    return str(pattern)


def _kwargs_of(pattern: Any) -> tuple[RouteKwarg, ...]:
    if isinstance(pattern, RoutePattern):
        return tuple(
            RouteKwarg(name, "number" if isinstance(converter, IntConverter) else "string")
            for name, converter in pattern.converters.items()
        )
    if isinstance(pattern, RegexPattern):
        return tuple(RouteKwarg(name, "string") for name in pattern.regex.groupindex)
    return ()
