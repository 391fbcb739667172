"""djwire.W001: a Redis channel layer that drops idle consumers; djwire.W002: a channel layer
whose backend cannot be imported.

W001 — channels-redis with redis-py 8 or later drops idle consumers: redis-py 8 made every read
time out after 5 s by default (it was unlimited), and the layer's blocking receive waits
longer than that, so a consumer that receives nothing for ~5 s dies with ``TimeoutError`` and
its WebSocket is closed (django/channels_redis#422, redis/redis-py#4091). The rule: with
redis-py >= 8 installed, every host of a ``channels_redis`` layer (``RedisChannelLayer``,
``RedisPubSubChannelLayer`` or a subclass) must be a dict that sets ``socket_timeout`` to
``None``. A host given as a URL string or a ``(host, port)`` pair gets redis-py's default.
``djwire.pubsub.redis_channel_layer(url)`` writes a safe entry (with a connect timeout,
keepalive and a health check).

W002 — Channels imports a layer's backend on first use only: ``check`` passed, then every
socket failed and the page reconnected forever. The usual cause is channels-redis not
installed, so the message names the extra that brings it.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from djwire.checks import TAG

# The package each backend prefix comes from, and the install that brings it.
_BACKEND_INSTALLS = {
    "channels_redis.": "pip install 'djwire[redis]' (channels-redis)",
}

_REDIS_LAYERS = (
    "channels_redis.core.RedisChannelLayer",
    "channels_redis.pubsub.RedisPubSubChannelLayer",
)


def check_channel_layers(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """W001: a channels-redis layer whose connections time out on idle (redis-py >= 8)."""
    if redis_major_version() < 8:
        return []
    messages: list[checks.CheckMessage] = []
    layers = getattr(settings, "CHANNEL_LAYERS", {}) or {}
    for alias, layer in layers.items():
        backend = layer.get("BACKEND", "") if isinstance(layer, dict) else ""
        if not is_redis_layer(backend):
            continue
        config = layer.get("CONFIG") or {}
        for position, host in enumerate(config.get("hosts") or [None]):
            if (
                isinstance(host, dict)
                and "socket_timeout" in host
                and host["socket_timeout"] is None
            ):
                continue
            messages.append(
                checks.Warning(
                    f"CHANNEL_LAYERS[{alias!r}] host {position} ({_describe(host)}) keeps "
                    "redis-py's default socket timeout (5 s since redis-py 8): idle consumers "
                    "are dropped every ~5 s and their WebSockets closed.",
                    hint='Give the host as a dict with "socket_timeout": None, e.g. '
                    f"CHANNEL_LAYERS[{alias!r}] = djwire.pubsub.redis_channel_layer(url).",
                    id="djwire.W001",
                )
            )
    return messages


def check_layer_backends(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """W002: a ``CHANNEL_LAYERS`` backend that cannot be imported (a package not installed)."""
    messages: list[checks.CheckMessage] = []
    layers = getattr(settings, "CHANNEL_LAYERS", {}) or {}
    for alias, layer in layers.items():
        backend = layer.get("BACKEND") if isinstance(layer, dict) else None
        if not isinstance(backend, str) or not backend:
            messages.append(
                checks.Error(
                    f"CHANNEL_LAYERS[{alias!r}] has no BACKEND.",
                    hint='Set "BACKEND", e.g. with djwire.pubsub.redis_channel_layer(url), or '
                    '{"BACKEND": "channels.layers.InMemoryChannelLayer"} for one process.',
                    id="djwire.W002",
                )
            )
            continue
        try:
            import_string(backend)
        except ImportError as error:
            install = next(
                (how for prefix, how in _BACKEND_INSTALLS.items() if backend.startswith(prefix)),
                None,
            )
            hint = (
                f"Install it: {install}."
                if install
                else "Fix the dotted path, or install the package that provides it."
            )
            messages.append(
                checks.Error(
                    f"CHANNEL_LAYERS[{alias!r}] BACKEND {backend!r} cannot be imported "
                    f"({error}): every WebSocket would fail and pages reconnect forever.",
                    hint=hint,
                    id="djwire.W002",
                )
            )
    return messages


def redis_major_version() -> int:
    """The installed redis-py's major version, 0 when it is not installed."""
    try:
        return int(metadata.version("redis").split(".")[0])
    except (metadata.PackageNotFoundError, ValueError):
        return 0


def is_redis_layer(backend: str) -> bool:
    """True for channels-redis' layers and their subclasses."""
    if backend in _REDIS_LAYERS:
        return True
    if not backend:
        return False
    try:
        cls = import_string(backend)
    except ImportError:
        return False
    for name in _REDIS_LAYERS:
        try:
            base = import_string(name)
        except ImportError:
            continue
        if isinstance(cls, type) and issubclass(cls, base):
            return True
    return False


def _describe(host: Any) -> str:
    if host is None:
        return "the default, redis://localhost:6379"
    if isinstance(host, dict):
        return str(host.get("address") or f"{host.get('host')}:{host.get('port')}")
    return str(host)


def register() -> None:
    """Register the pub/sub layer's checks (done by the app's ``ready()``)."""
    checks.register(check_channel_layers, TAG)
    checks.register(check_layer_backends, TAG)
