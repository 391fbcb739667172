"""Services handed to a LiveView's ``mount()``: what a provider is, and calling them.

``live_session()`` (providers.py) routes a view with providers; the HTTP render and every join
call them (:func:`provide`) and pass the results to ``mount()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Providers = Mapping[str, Callable[[], Any]]
NO_PROVIDERS: Providers = MappingProxyType({})


def provide(providers: Providers, url_kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Call every provider: the keyword arguments ``mount()`` receives besides the URL's."""
    clash = set(providers) & set(url_kwargs)
    if clash:
        raise ImproperlyConfigured(
            f"live_session() provider(s) {sorted(clash)} have the name of a URL parameter; "
            "rename the provider."
        )
    return {name: provider() for name, provider in providers.items()}
