"""Channel-layer group names: ``<scope>.<key>``, valid for Channels, the same in every process.

A *scope* is what a capability addresses (``djwire_view_<view path>`` for a LiveView class),
a *key* a recipient of :mod:`djwire.pubsub.targets`. A name that is too long or holds characters
Channels refuses is replaced by a SHA-256 of it, which every process computes alike.
"""

from __future__ import annotations

import hashlib
import re

# Channels accepts group names of ASCII letters, digits, hyphens, underscores and periods,
# shorter than 100 characters.
_VALID = re.compile(r"^[a-zA-Z0-9_.\-]{1,99}$")


def group_name(scope: str, key: str | None = None) -> str:
    """The group of ``scope``'s subscribers for ``key`` (all of them when ``key`` is None)."""
    name = scope if key is None else f"{scope}.{key}"
    if _VALID.match(name):
        return name
    return "djwire.h" + hashlib.sha256(name.encode()).hexdigest()[:40]
