"""Signals & topics: df_websockets' API on djwire's socket (docs/signals.md).

Port by changing imports: ``df_websockets.decorators`` → ``djwire.signals.decorators``,
``df_websockets.tasks`` → ``djwire.signals.tasks``, and so on for ``utils``, ``window_info``,
``ws_middleware``, ``testing``. The most used names are here too, loaded on first use.
"""

from __future__ import annotations

from djwire._lazy import lazy_names

_LAZY = {
    "BROADCAST": "djwire.signals.topics",
    "SERVER": "djwire.signals.topics",
    "SESSION": "djwire.signals.topics",
    "SYNC": "djwire.signals.topics",
    "USER": "djwire.signals.topics",
    "WINDOW": "djwire.signals.topics",
    "WindowInfo": "djwire.signals.window_info",
    "atrigger": "djwire.signals.tasks",
    "atrigger_signal": "djwire.signals.tasks",
    "everyone": "djwire.signals.decorators",
    "has_perm": "djwire.signals.decorators",
    "is_anonymous": "djwire.signals.decorators",
    "is_authenticated": "djwire.signals.decorators",
    "is_staff": "djwire.signals.decorators",
    "is_superuser": "djwire.signals.decorators",
    "server_side": "djwire.signals.decorators",
    "set_websocket_topics": "djwire.signals.tasks",
    "signal": "djwire.signals.decorators",
    "trigger": "djwire.signals.tasks",
    "trigger_signal": "djwire.signals.tasks",
}

__all__ = sorted(_LAZY)


__getattr__ = lazy_names(__name__, _LAZY)
