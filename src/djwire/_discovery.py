"""Where the capabilities find their users' code: a module of each installed app."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps


def import_app_modules(*names: str) -> None:
    """Import ``<app>.<name>`` of every installed app for each of ``names``. Only a module that
    does not exist is skipped: an error inside one (an import it makes that fails, a bad
    definition) is raised, not hidden."""
    for config in apps.get_app_configs():
        for name in names:
            module = f"{config.name}.{name}"
            try:
                import_module(module)
            except ModuleNotFoundError as error:
                if error.name != module:
                    raise
