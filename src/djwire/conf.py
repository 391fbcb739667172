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
    # Largest frame a client may send, in bytes.
    "max_message_bytes": 64 * 1024,
    # Events per second a socket may send (sustained) and the burst above it.
    "event_rate": 30.0,
    "event_burst": 60,
    # Frames that may wait for one browser before its socket is closed (code 4008, reason
    # too_slow) and the page resumes from the server's state.
    "max_queued_frames": 1000,
    # Where view state is kept so a reconnecting page resumes: "file" (default, no setup,
    # survives a restart of the server process) or "cache" (a Django cache alias, shared
    # between processes when it is Redis).
    "state_store": "file",
    "state_dir": os.path.join(tempfile.gettempdir(), "djwire-state"),
    "state_cache_alias": "default",
    # Seconds a view's saved state is kept after its last change.
    "state_ttl": 24 * 3600,
    # Raise TypeError instead of warning when public state cannot be serialized.
    "strict_serialization": False,
}


def get(key: str) -> Any:
    """The value of ``DJWIRE[key]``, or its default."""
    user = getattr(django_settings, "DJWIRE", {}) or {}
    if key in user:
        return user[key]
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
