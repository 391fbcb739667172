"""Writing TypeScript: literals, unions, names, and the named declarations of one file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# A name TypeScript accepts unquoted as a property or identifier.
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


class FrontendError(Exception):
    """What makefrontend cannot write, with the field, parameter or hint at fault and the fix."""


def literal(value: Any) -> str:
    """A JSON value (str, int, float, bool, None) as a TypeScript literal type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return json.dumps(value, ensure_ascii=False)
    raise FrontendError(f"{value!r} is not a JSON literal")


def union(types: Iterable[str]) -> str:
    """``A | B``, each member once, in order; ``never`` when empty."""
    members = list(dict.fromkeys(types))
    if not members:
        return "never"
    return " | ".join(members)


def array(item: str) -> str:
    """An array of ``item``, parenthesized when it is a union."""
    return f"({item})[]" if " | " in item or "=>" in item else f"{item}[]"


def property_name(name: str) -> str:
    """A property's name, quoted when it is no identifier (``"my-key"``)."""
    return name if _IDENTIFIER.match(name) else json.dumps(name)


def camel(name: str) -> str:
    """``add_comment`` as ``addComment`` (leading underscores kept)."""
    stripped = name.lstrip("_")
    head, *rest = stripped.split("_")
    return name[: len(name) - len(stripped)] + head + "".join(p[:1].upper() + p[1:] for p in rest)


def string_literal(text: str) -> str:
    """``text`` as a TypeScript string literal."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Declarations:
    """The named types of one generated file: each written once, whoever needs it (RxDjango
    wrote a shared serializer's types twice, which tsc rejects), in the order first needed.

    ``owners`` remembers which Python object each name stands for, so two different objects
    that would get one name are an error, not one type silently standing for both."""

    bodies: dict[str, str] = field(default_factory=dict)
    owners: dict[str, object] = field(default_factory=dict)

    def claim(self, name: str, owner: object, what: str) -> bool:
        """True when ``name`` is new for ``owner`` (the caller then :meth:`add` s it); False
        when already declared for it; FrontendError when another object holds the name."""
        held = self.owners.get(name)
        if held is None:
            self.owners[name] = owner
            return True
        if held is owner:
            return False
        raise FrontendError(
            f"two {what}s would both be the TypeScript type {name}: {_qualname(held)} and "
            f"{_qualname(owner)}; rename one of them"
        )

    def add(self, name: str, body: str) -> None:
        self.bodies[name] = body

    def render(self) -> str:
        return "\n".join(self.bodies.values())


def _qualname(owner: object) -> str:
    module = getattr(owner, "__module__", "")
    name = getattr(owner, "__qualname__", None) or type(owner).__qualname__
    return f"{module}.{name}" if module else name
