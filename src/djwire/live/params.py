"""Browser parameters converted to a handler's annotations, with a clear reason when they can't."""

from __future__ import annotations

import datetime as dt
import decimal
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any

_TRUE = {"true", "on", "1", "yes"}
_FALSE = {"false", "off", "0", "no", ""}


class BadParams(ValueError):
    """A parameter is missing or cannot be converted; the message says which and why."""


def bind(func: Callable[..., Any], params: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for ``func`` from the browser's ``params``.

    Parameters the handler does not declare are passed only when it takes ``**kwargs``.
    """
    signature = inspect.signature(func)
    hints = _hints(func)
    result: dict[str, Any] = {}
    accepts_extra = False
    for name, parameter in signature.parameters.items():
        if parameter.kind is parameter.VAR_KEYWORD:
            accepts_extra = True
            continue
        if parameter.kind is parameter.VAR_POSITIONAL:
            continue
        if name in params:
            result[name] = convert(params[name], hints.get(name, Any), name)
        elif parameter.default is parameter.empty:
            raise BadParams(f"missing parameter {name!r}")
    if accepts_extra:
        for name, value in params.items():
            if name not in result and name not in signature.parameters:
                result[name] = value
    return result


def _hints(func: Callable[..., Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(func)
    except Exception:  # unresolvable annotations: fall back to no conversion
        return {}


def convert(value: Any, annotation: Any, name: str) -> Any:
    """``value`` as an ``annotation``; BadParams naming ``name`` when it cannot be."""
    if annotation is Any or annotation is inspect.Parameter.empty:
        return value
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if value is None or (value == "" and len(options) < len(typing.get_args(annotation))):
            return None
        errors = []
        for option in options:
            try:
                return convert(value, option, name)
            except BadParams as error:
                errors.append(str(error))
        raise BadParams("; ".join(errors))
    if origin in (list, tuple, set):
        item_type = (typing.get_args(annotation) or (Any,))[0]
        items = value if isinstance(value, list) else [value]
        return origin(convert(item, item_type, name) for item in items)
    if origin is dict or annotation is dict:
        if isinstance(value, dict):
            return value
        raise BadParams(f"parameter {name!r}: expected an object, got {value!r}")
    if annotation is list:
        return value if isinstance(value, list) else [value]
    converter = _CONVERTERS.get(annotation)
    if converter is None:
        return value
    try:
        return converter(value)
    except (ValueError, TypeError, ArithmeticError):
        raise BadParams(
            f"parameter {name!r}: expected {annotation.__name__}, got {value!r}"
        ) from None


def _to_str(value: Any) -> str:
    if isinstance(value, list | dict):
        raise TypeError
    return "" if value is None else str(value)


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    return int(str(value).strip())


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise TypeError
    return float(str(value).strip())


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError


def _to_decimal(value: Any) -> decimal.Decimal:
    if isinstance(value, bool):
        raise TypeError
    result = decimal.Decimal(str(value).strip())
    if not result.is_finite():
        raise ValueError
    return result


_CONVERTERS: dict[Any, Callable[[Any], Any]] = {
    str: _to_str,
    int: _to_int,
    float: _to_float,
    bool: _to_bool,
    decimal.Decimal: _to_decimal,
    dt.date: lambda v: dt.date.fromisoformat(str(v)),
    dt.datetime: lambda v: dt.datetime.fromisoformat(str(v)),
    dt.time: lambda v: dt.time.fromisoformat(str(v)),
}
