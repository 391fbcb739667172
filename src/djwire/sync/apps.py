"""Model-state channels plug into djwire when the app is ready: the ``sync:`` join kind, their
checks, and the discovery of ``<app>/channels.py`` where channels are defined, as in RxDjango."""

from __future__ import annotations

from importlib import import_module
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
    """Import ``<app>.channels`` of every installed app. Only a missing module is skipped: an
    error inside one (an import it makes that fails, a bad channel) is raised, not hidden as
    RxDjango hid it."""
    from django.apps import apps

    for config in apps.get_app_configs():
        module = f"{config.name}.channels"
        try:
            import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
