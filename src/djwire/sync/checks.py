"""System checks of the model-state channels (docs/sync.md).

C001 — a channel does not override ``has_permission``: nobody may join it (djwire denies by
default, where RxDjango let everyone in), which is rarely what was meant.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig
from django.core import checks

from djwire.checks import TAG


def check_permissions(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """C001: every channel says who may join it."""
    if "djwire.sync.channels" not in sys.modules:
        return []  # no channel defined (and maybe no DRF installed): nothing to check
    from djwire.sync.channels import ContextChannel

    messages: list[checks.CheckMessage] = []
    for channel in ContextChannel.get_registered_channels():
        if channel.has_permission is ContextChannel.has_permission:
            messages.append(
                checks.Warning(
                    f"{channel.__module__}.{channel.__qualname__} does not override "
                    f"has_permission(), so every join is refused.",
                    hint=(
                        "Define `@staticmethod def has_permission(user, **kwargs)` returning "
                        "True for who may see the state (kwargs are the URL kwargs)."
                    ),
                    obj=channel,
                    id="djwire.C001",
                )
            )
    return messages


def register() -> None:
    """Register the checks of this module with Django."""
    checks.register(check_permissions, TAG)
