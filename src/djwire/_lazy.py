"""Package faces that load their names on first use (PEP 562).

``import djwire`` must not load the LiveView layer, nor ``import djwire.testing`` Django's test
machinery (which needs settings): each face maps a name to the module that defines it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports each name from its home module,
    once (the value is kept in the package's namespace)."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(home), name)
        setattr(import_module(package), name, value)
        return value

    return __getattr__
