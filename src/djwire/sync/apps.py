"""Model-state channels plug into djwire when the app is ready: the ``sync:`` join kind, their
checks, and the discovery of ``<app>/channels.py`` where channels are defined, as in RxDjango."""

from __future__ import annotations

from typing import Any


def ready() -> None:
    """Called by ``djwire.apps.DjwireConfig.ready()``."""
    from djwire.sync import checks
    from djwire.sync.protocol import SYNC_TOPIC_PREFIX
    from djwire.transport import register_join_kind

    register_join_kind(SYNC_TOPIC_PREFIX, _join_channel)
    checks.register()
    import_channels()


async def _join_channel(socket: Any, topic: str, payload: dict[str, Any]) -> Any:
    # Imported on the first join: djwire.sync.join needs Django REST framework, which a
    # project without channels need not install.
    from djwire.sync.join import join_channel

    return await join_channel(socket, topic, payload)


def import_channels() -> None:
    """Import ``<app>.channels`` of every installed app; an error inside one is raised, not
    hidden as RxDjango hid it."""
    from djwire._discovery import import_app_modules

    import_app_modules("channels")
