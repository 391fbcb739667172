"""Checks of the settings: ``DJWIRE`` keys (djwire.S001)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig
from django.core import checks

from djwire import conf


def check_djwire_setting(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """S001: a key of ``DJWIRE`` that djwire does not know (a typo is silently ignored)."""
    messages: list[checks.CheckMessage] = []
    for key, close in conf.unknown_keys():
        hint = f"Did you mean {close!r}?" if close else "See docs/settings.md for the keys."
        messages.append(
            checks.Error(
                f"DJWIRE[{key!r}] is not a djwire setting.",
                hint=hint,
                id="djwire.S001",
            )
        )
    return messages
