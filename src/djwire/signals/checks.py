"""System checks of the signals settings (``djwire.G001`` to ``G004``, docs/checks.md).

G001 — ``signal_workers`` is not a worker mode djwire knows.
G002 — ``signal_workers = "celery"`` but celery is not installed.
G003 — workers in other processes (process, celery, channels) with a channel layer that lives in
one process (``InMemoryChannelLayer``, or none): what they send to browsers never arrives.
G004 — the same with a cache that lives in one process (``LocMemCache``, ``DummyCache``).
G005 — a Django template engine without the ``request`` context processor: ``{% djwire_scripts %}``
cannot see the request, so a page whose view calls ``set_websocket_topics`` is not a window.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

from djwire import conf
from djwire.checks import TAG

WORKER_MODES = ("thread", "process", "celery", "channels")
# Modes whose signals run outside the web process that holds the browsers' sockets.
OTHER_PROCESS_MODES = ("process", "celery", "channels")

# df_websockets' documentation names these (its code refuses them): say which value is meant.
_DOCUMENTED_NAMES = {"multithread": "thread", "multiprocess": "process"}

_PROCESS_LOCAL_LAYERS = ("channels.layers.InMemoryChannelLayer",)
_PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def _setting_name(key: str) -> str:
    user = getattr(settings, "DJWIRE", None) or {}
    if key in user:
        return f"DJWIRE[{key!r}]"
    for alias in conf.ALIASES.get(key, ()):
        if hasattr(settings, alias):
            return alias
    return f"DJWIRE[{key!r}]"


def check_signal_workers(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """G001, G002: the worker mode is known, and celery is installed for the celery mode."""
    mode = conf.get("signal_workers")
    name = _setting_name("signal_workers")
    if mode not in WORKER_MODES:
        meant = _DOCUMENTED_NAMES.get(mode) if isinstance(mode, str) else None
        hint = f"Did you mean {meant!r}? " if meant else ""
        return [
            checks.Error(
                f"{name} is {mode!r}, which is not a worker mode.",
                hint=f"{hint}Use one of {', '.join(repr(m) for m in WORKER_MODES)}.",
                id="djwire.G001",
            )
        ]
    if mode == "celery" and importlib.util.find_spec("celery") is None:
        return [
            checks.Error(
                f"{name} is 'celery', but celery is not installed.",
                hint="pip install 'djwire[celery]', or use 'thread' to run signals in the web "
                "process.",
                id="djwire.G002",
            )
        ]
    return []


def check_shared_backends(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """G003, G004: workers in other processes need a channel layer and a cache they share."""
    mode = conf.get("signal_workers")
    if mode not in OTHER_PROCESS_MODES:
        return []
    messages: list[checks.CheckMessage] = []
    layer = (getattr(settings, "CHANNEL_LAYERS", None) or {}).get("default")
    backend = layer.get("BACKEND") if isinstance(layer, dict) else None
    if backend is None or backend in _PROCESS_LOCAL_LAYERS:
        what = "no channel layer" if backend is None else backend.rsplit(".", 1)[-1]
        messages.append(
            checks.Warning(
                f"Signals run in {mode!r} workers, but CHANNEL_LAYERS['default'] is {what}, "
                "which lives in one process: what the workers send to browsers never reaches "
                "their sockets"
                + (", and no channels worker receives a signal." if mode == "channels" else "."),
                hint="Use a Redis channel layer: CHANNEL_LAYERS = {'default': "
                "djwire.pubsub.redis_channel_layer('redis://...')}; or run signals in the web "
                f"process with {_setting_name('signal_workers')} = 'thread'.",
                id="djwire.G003",
            )
        )
    # df_websockets' cache setting, read so that a ported project is checked where it points.
    alias = getattr(settings, "WEBSOCKET_CACHE_BACKEND", "default")
    cache = (getattr(settings, "CACHES", None) or {}).get(alias)
    cache_backend = cache.get("BACKEND") if isinstance(cache, dict) else None
    if cache_backend in _PROCESS_LOCAL_CACHES:
        assert cache_backend is not None
        messages.append(
            checks.Warning(
                f"Signals run in {mode!r} workers, but CACHES[{alias!r}] is "
                f"{cache_backend.rsplit('.', 1)[-1]}, which is not shared between processes: "
                "the workers do not see what the web process keeps there.",
                hint=f"Point CACHES[{alias!r}] at a shared cache "
                "(django.core.cache.backends.redis.RedisCache), or run signals in the web "
                f"process with {_setting_name('signal_workers')} = 'thread'.",
                id="djwire.G004",
            )
        )
    return messages


_REQUEST_PROCESSOR = "django.template.context_processors.request"
_DJANGO_TEMPLATES = "django.template.backends.django.DjangoTemplates"


def check_request_in_templates(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """G005: ``{% djwire_scripts %}`` reads the window's token from the request in the context."""
    messages: list[checks.CheckMessage] = []
    engines: list[dict[str, Any]] = settings.TEMPLATES
    for engine in engines:
        if engine.get("BACKEND") != _DJANGO_TEMPLATES:
            continue
        processors = engine.get("OPTIONS", {}).get("context_processors", [])
        if _REQUEST_PROCESSOR not in processors:
            messages.append(
                checks.Warning(
                    "A DjangoTemplates engine has no 'request' context processor: "
                    "{% djwire_scripts %} cannot see the request, so a page whose view calls "
                    "set_websocket_topics() does not become a signals window.",
                    hint=f"Add {_REQUEST_PROCESSOR!r} to TEMPLATES[...]['OPTIONS']"
                    "['context_processors'] (Django's startproject has it).",
                    id="djwire.G005",
                )
            )
    return messages


def register() -> None:
    """Register the signals checks (done by the signals app's ``ready()``)."""
    checks.register(check_signal_workers, TAG)
    checks.register(check_shared_backends, TAG)
    checks.register(check_request_in_templates, TAG)
