"""djwire's settings: one dict, ``DJWIRE = {...}`` in the Django settings, every key with a default.

See docs/settings.md for what each key does.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS: dict[str, Any] = {
    # The WebSocket path the client connects to.
    "socket_path": "/djwire/ws/",
    # Seconds a join token stays valid; a join reply hands out a fresh one.
    "join_token_max_age": 24 * 3600,
    # Seconds a page's token may be refreshed for, in all, from its first HTTP render.
    "join_token_max_lifetime": 7 * 24 * 3600,
    # Largest frame a client may send, in bytes (UTF-8); set the server's limit to it too.
    "max_message_bytes": 64 * 1024,
    # Nesting and number of values a frame's payload may have (checked before conversion).
    "max_params_depth": 32,
    "max_params_items": 10_000,
    # Frames per second a socket may send, every kind (sustained), and the burst above it.
    "event_rate": 30.0,
    "event_burst": 60,
    # Joins per second a socket may make, and the burst above it.
    "join_rate": 5.0,
    "join_burst": 20,
    # Joins one socket may hold; joins of one page's token in this process.
    "max_joins_per_socket": 50,
    "max_joins_per_token": 3,
    # Sockets one session, one client address may hold open in this process (None: no cap).
    "max_sockets_per_session": 20,
    "max_sockets_per_address": 1000,
    # Bytes that may wait for one browser, and seconds one frame may take to be sent, before
    # its socket is closed (code 4008, too_slow) and the page resumes from the server's state.
    "max_queued_bytes": 4 * 1024 * 1024,
    "send_timeout": 5.0,
    # Threads that run sync handlers, mounts and renders of joins (one view's work never on two
    # at once), and how many more user calls may wait for one before they are refused
    # (overloaded). See docs/reliability.md.
    "handler_threads": 8,
    "handler_queue": 1000,
    # Log lines one socket may cause per minute; then one line says how many were held back.
    "log_lines_per_minute": 20,
    # Origins (scheme://host[:port]) allowed besides the socket's own; "*" allows any.
    "allowed_origins": [],
    # Where view state is kept so a reconnecting page resumes: "file" (default, no setup,
    # survives a restart of the server process) or "cache" (a Django cache alias, shared
    # between processes when it is Redis).
    "state_store": "file",
    "state_dir": os.path.join(tempfile.gettempdir(), "djwire-state"),
    "state_cache_alias": "default",
    # Seconds a view's saved state is kept after its last change.
    "state_ttl": 24 * 3600,
    # A view rendered over HTTP is held this many seconds for its socket's join, which then
    # takes it as it is (no second mount, no render); at most handoff_max views are held.
    "handoff_ttl": 30.0,
    "handoff_max": 100,
    # Whether the HTTP render saves the state it rendered: "auto" (only when state_store is
    # "cache", shared between processes), True or False.
    "save_on_render": "auto",
    # Save a view's state before the reply to an event that changed it, not after: a server
    # killed (kill -9) right after an `ok` then keeps the change it acknowledged, at the cost
    # of encoding and writing the state inside every such event (bench/save_before_reply.py).
    "save_before_reply": False,
    # Raise TypeError instead of warning when public state cannot be serialized; None (the
    # default) means "when settings.DEBUG is on", so a developer sees the error at once and
    # production only logs it.
    "strict_serialization": None,
    # -- signals (docs/signals.md); each also read from df_websockets' setting name --------
    # Where server-side signals run: "thread" (a bounded pool per queue in the web process),
    # "process", "celery" or "channels".
    "signal_workers": "thread",
    # The queue of a signal that names none (Celery's default queue is called "celery" too).
    "signal_default_queue": "celery",
    # Threads (or processes) per queue: {"slow": 2}; a queue not listed gets the default.
    "signal_pool_sizes": {},
    "signal_pool_size": 10,
    # (window_info, obj) -> topic key or None: how set_websocket_topics/trigger name objects.
    "signal_topic_serializer": "djwire.signals.topics.serialize_topic",
    # The JSON encoder of the arguments of signals sent to browsers, and the decoder of theirs.
    "signal_encoder": "django.core.serializers.json.DjangoJSONEncoder",
    "signal_decoder": "json.JSONDecoder",
    # How a request becomes a WindowInfo (dotted paths of WindowInfoMiddleware classes).
    "window_info_middlewares": [
        "djwire.signals.ws_middleware.WindowKeyMiddleware",
        "djwire.signals.ws_middleware.DjangoAuthMiddleware",
        "djwire.signals.ws_middleware.Djangoi18nMiddleware",
        "djwire.signals.ws_middleware.BrowserMiddleware",
    ],
    # -- model-state channels (docs/sync.md) ----------------------------------------------
    # (scope, credential) -> user or None: who a join's credential (a DRF token, a JWT) is.
    "sync_authenticator": "djwire.sync.auth.token_authenticator",
    # Committed changes remembered per anchor, and seconds they are kept after the last
    # browser left it, so a browser that reconnects gets what it missed, not a snapshot.
    "sync_history_length": 200,
    "sync_history_grace": 60.0,
    # With a Redis channel layer: seconds an anchor a process watches stays counted as watched
    # in every process without being refreshed (a crashed process's anchors expire).
    "sync_watch_ttl": 30.0,
    # ... and seconds a process reuses what it read of that registry for its saves (a join
    # waits as long before it reads its state, so no save it must see is skipped).
    "sync_watch_cache": 0.1,
    # makefrontend: the folder it writes <app>/<app>.interfaces.d.ts and .channels.ts into
    # (relative to settings.BASE_DIR), and the server the generated channels connect to
    # ("wss://example.com"; None: the page's own origin), joined to socket_path.
    "frontend_dir": None,
    "frontend_websocket_url": None,
}

# df_websockets' and RxDjango's setting names, read when DJWIRE does not set the key: a ported
# project keeps its settings.
ALIASES: dict[str, tuple[str, ...]] = {
    "signal_workers": ("WEBSOCKET_WORKERS",),
    "signal_default_queue": ("WEBSOCKET_DEFAULT_QUEUE", "CELERY_DEFAULT_QUEUE"),
    "signal_pool_sizes": ("WEBSOCKET_POOL_SIZES",),
    "signal_topic_serializer": ("WEBSOCKET_TOPIC_SERIALIZER",),
    "signal_encoder": ("WEBSOCKET_SIGNAL_ENCODER",),
    "signal_decoder": ("WEBSOCKET_SIGNAL_DECODER",),
    "window_info_middlewares": ("WINDOW_INFO_MIDDLEWARES",),
    # RxDjango's names.
    "frontend_dir": ("RX_FRONTEND_DIR",),
    "frontend_websocket_url": ("RX_WEBSOCKET_URL",),
}


def get(key: str) -> Any:
    """The value of ``DJWIRE[key]``, else of its df_websockets alias setting, else its default."""
    user = getattr(django_settings, "DJWIRE", {}) or {}
    if key in user:
        return user[key]
    for alias in ALIASES.get(key, ()):
        if hasattr(django_settings, alias):
            return getattr(django_settings, alias)
    return DEFAULTS[key]


def unknown_keys() -> list[tuple[str, str | None]]:
    """Keys of ``DJWIRE`` that djwire does not know, each with the closest known key."""
    user = getattr(django_settings, "DJWIRE", {}) or {}
    result = []
    for key in user:
        if key not in DEFAULTS:
            close = difflib.get_close_matches(key, DEFAULTS, n=1)
            result.append((key, close[0] if close else None))
    return result


def validate() -> None:
    """Raise ImproperlyConfigured for a DJWIRE setting that is not a dict."""
    user = getattr(django_settings, "DJWIRE", {})
    if user is not None and not isinstance(user, dict):
        raise ImproperlyConfigured("settings.DJWIRE must be a dict, e.g. DJWIRE = {}.")
