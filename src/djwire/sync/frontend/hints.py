"""Python type hints (of actions and ``RuntimeState``) as TypeScript types.

``int``, ``float``, ``str``, ``bool``, ``None``, ``Any``, ``Decimal``, dates and times,
``UUID``, ``list[...]``, ``tuple[...]``, ``set[...]``, ``dict[str, ...]``, ``Optional`` and
unions, ``Literal``, enums, ``TypedDict`` (an interface of its own) and serializer classes
(the serializer's ``<Name>Type``). Anything else is a :class:`FrontendError` naming where the
hint is, so the generated code never says ``any`` where the Python said something precise.
"""

from __future__ import annotations

import collections.abc
import datetime
import decimal
import enum
import inspect
import types
import typing
import uuid
from collections.abc import Callable
from typing import Any

from djwire.sync.frontend.typescript import (
    Declarations,
    FrontendError,
    array,
    literal,
    property_name,
    union,
)

# How a value of the type travels as JSON, the same both ways.
_SCALARS: dict[Any, str] = {
    int: "number",
    float: "number",
    str: "string",
    bool: "boolean",
    type(None): "null",
    None: "null",
    datetime.datetime: "string",
    datetime.date: "string",
    datetime.time: "string",
    datetime.timedelta: "string",
    uuid.UUID: "string",
    object: "unknown",
}

_SEQUENCES = (
    list,
    set,
    frozenset,
    collections.abc.Sequence,
    collections.abc.MutableSequence,
    collections.abc.Set,
    collections.abc.MutableSet,
    collections.abc.Iterable,
    collections.abc.Collection,
)
_MAPPINGS = (dict, collections.abc.Mapping, collections.abc.MutableMapping)


class HintWriter:
    """Writes hints as TypeScript, declaring the TypedDicts they use in ``declarations``.

    ``serializer_type(cls)`` names a serializer class's interface (and makes sure it is
    written); ``params`` says whether the hint is of a parameter, which the server converts
    (a ``Decimal`` parameter may be sent as a number) or of a result (a ``Decimal`` arrives
    as a string)."""

    def __init__(
        self, declarations: Declarations, serializer_type: Callable[[type], str] | None = None
    ) -> None:
        self.declarations = declarations
        self.serializer_type = serializer_type

    def write(self, hint: Any, where: str, *, params: bool = False) -> str:
        """``hint`` in TypeScript; ``where`` names it in errors (``BlogChannel.rename(name)``)."""
        if hint is inspect.Parameter.empty or hint is Any:
            return "unknown"
        if hint is decimal.Decimal:
            return "string | number" if params else "string"
        if hint in _SCALARS:
            return _SCALARS[hint]
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin is typing.Annotated:
            return self.write(args[0], where, params=params)
        if origin is typing.Union or origin is types.UnionType:
            return union(self.write(arg, where, params=params) for arg in args)
        if origin is typing.Literal:
            return union(literal(_enum_value(arg)) for arg in args)
        if hint in _SEQUENCES or origin in _SEQUENCES:
            item = self.write(args[0], where, params=params) if args else "unknown"
            return array(item)
        if hint is tuple or origin is tuple:
            return self._tuple(args, where, params)
        if hint in _MAPPINGS or origin in _MAPPINGS:
            return self._mapping(args, where, params)
        if typing.is_typeddict(hint):
            return self.typed_dict(hint, where)
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return union(literal(member.value) for member in hint)
        if isinstance(hint, type) and self.serializer_type is not None and _is_serializer(hint):
            return self.serializer_type(hint)
        raise FrontendError(
            f"{where}: makefrontend cannot write the type hint {_name(hint)} in TypeScript; "
            f"use JSON types (int, str, bool, float, Decimal, dates, list[...], dict[str, ...], "
            f"Optional, Literal, an Enum, a TypedDict or a serializer class), or Any"
        )

    def typed_dict(self, hint: Any, where: str) -> str:
        """The interface of a TypedDict, declared once; returns its name."""
        name: str = hint.__name__
        if self.declarations.claim(name, hint, "TypedDict"):
            self.declarations.add(name, "")  # reserve the place first: a recursive TypedDict
            self.declarations.add(name, self.interface(name, hint, where))
        return name

    def interface(self, name: str, hint: Any, where: str) -> str:
        """``export interface <name> {...}`` with the TypedDict's keys (``?`` when not required)."""
        try:
            fields = typing.get_type_hints(hint, include_extras=True)
        except Exception as error:  # a name the TypedDict's module cannot resolve
            raise FrontendError(f"{where}: the TypedDict {name}'s hints: {error}") from None
        required = getattr(hint, "__required_keys__", frozenset(fields))
        lines = [f"export interface {name} {{"]
        for key, value in fields.items():
            # Read the markers too: with string annotations (``from __future__ import
            # annotations``) Python 3.11 leaves NotRequired keys in __required_keys__.
            origin = typing.get_origin(value)
            is_required = key in required
            if origin is typing.NotRequired or origin is typing.Required:
                is_required = origin is typing.Required
                value = typing.get_args(value)[0]
            optional = "" if is_required else "?"
            ts = self.write(value, f"{where}: {name}[{key!r}]")
            lines.append(f"  {property_name(key)}{optional}: {ts};")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def _tuple(self, args: tuple[Any, ...], where: str, params: bool) -> str:
        if not args:
            return "unknown[]"
        if len(args) == 2 and args[1] is Ellipsis:
            return array(self.write(args[0], where, params=params))
        return "[" + ", ".join(self.write(arg, where, params=params) for arg in args) + "]"

    def _mapping(self, args: tuple[Any, ...], where: str, params: bool) -> str:
        if not args:
            return "Record<string, unknown>"
        if args[0] not in (str, Any):
            raise FrontendError(
                f"{where}: a JSON object's keys are strings; {_name(args[0])} keys cannot be "
                f"sent (use dict[str, ...])"
            )
        return f"Record<string, {self.write(args[1], where, params=params)}>"


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _is_serializer(cls: type) -> bool:
    from rest_framework.serializers import BaseSerializer

    return issubclass(cls, BaseSerializer)


def _name(hint: Any) -> str:
    if isinstance(hint, type):
        return hint.__qualname__
    return repr(hint).replace("typing.", "")
