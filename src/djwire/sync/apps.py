"""Model-state channels plug into djwire when the app is ready: their checks, and the
discovery of ``<app>/channels.py`` where channels are defined, as in RxDjango."""

from __future__ import annotations

from importlib import import_module


def ready() -> None:
    """Called by ``djwire.apps.DjwireConfig.ready()``."""
    from djwire.sync import checks

    checks.register()
    import_channels()


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
