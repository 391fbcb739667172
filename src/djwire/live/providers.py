"""Services handed to a LiveView's ``mount()`` from the URLconf: ``live_session()``.

A provider is a callable taking no arguments. It is called for every connection — the HTTP
render and every join over the socket — and its result is passed to ``mount()`` as a keyword
argument of the provider's name. Since ``mount()`` runs on every join (saved public state then
replaces what it set), a service kept privately (``self._client = client``) is there again
after a reconnect or a restart, and tests can route the view with fakes.

The providers of a view come from the URLconf on both sides: the socket side finds the
``live_session`` entries routing the joined view's class (the class is named in the signed
join token, and so is the page's path, used when one class is routed with different
providers). A browser cannot choose them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from djwire.live.http import view_function
from djwire.live.services import NO_PROVIDERS, Providers
from djwire.live.stateful import view_path
from djwire.live.view import LiveView


def live_session(view_class: type[LiveView], providers: Providers) -> Callable[..., HttpResponse]:
    """The Django view for ``view_class`` whose ``mount()`` receives the providers' results."""
    if not (isinstance(view_class, type) and issubclass(view_class, LiveView)):
        raise TypeError(f"live_session() needs a LiveView class, not {view_class!r}")
    for name, provider in providers.items():
        if name.startswith("_") or not name.isidentifier():
            raise TypeError(f"live_session() provider name {name!r} must be a public identifier")
        if not callable(provider):
            raise TypeError(
                f"live_session() provider {name!r} must be callable (it is called for every "
                f"connection), not {type(provider).__qualname__}"
            )
    return view_function(view_class, {}, MappingProxyType(dict(providers)))


def http_view_for(view_class: type[LiveView], path: str) -> Callable[..., HttpResponse]:
    """The Django view serving ``view_class`` at ``path`` as the URLconf routes it (with its
    ``live_session()`` providers), or a plain ``as_view()`` when it is not routed."""
    providers = providers_for(view_class, path)
    return live_session(view_class, providers) if providers else view_class.as_view()


def iter_routed_views(
    patterns: list[Any] | None = None, prefix: str = ""
) -> Iterator[tuple[Callable[..., Any], str]]:
    """Every view function of the URLconf, with its route (includes followed)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from iter_routed_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.callback, prefix + str(entry.pattern)


def routed_view(class_path: str) -> type | None:
    """The view class the URLconf routes under the dotted path ``class_path``, or None."""
    for callback, _route in iter_routed_views():
        routed = getattr(callback, "view_class", None)
        if isinstance(routed, type) and view_path(routed) == class_path:
            return routed
    return None


def providers_for(view_class: type, path: str) -> Providers:
    """The providers the URLconf gives ``view_class`` (served at ``path``), or none."""
    choices = _providers_by_class(get_resolver(), view_path(view_class))
    if len(choices) <= 1:
        return choices[0] if choices else NO_PROVIDERS
    # One class routed with different providers: the page's own route decides.
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is None or getattr(match.func, "view_class", None) is not view_class:
        raise ImproperlyConfigured(
            f"{view_class.__qualname__} is routed with different live_session() providers and "
            f"{path!r} no longer resolves to it"
        )
    providers: Providers = getattr(match.func, "providers", NO_PROVIDERS)
    return providers


@lru_cache(maxsize=256)
def _providers_by_class(resolver: URLResolver, class_path: str) -> list[Providers]:
    # Keyed by the resolver: Django builds a new one when ROOT_URLCONF changes.
    found: list[Providers] = []
    for callback, _route in iter_routed_views(resolver.url_patterns):
        routed = getattr(callback, "view_class", None)
        if isinstance(routed, type) and view_path(routed) == class_path:
            providers = getattr(callback, "providers", NO_PROVIDERS)
            if not any(dict(providers) == dict(known) for known in found):
                found.append(providers)
    return found
