"""Callable from a browser: the mark, resolve-or-refuse, and parameters coerced to annotations.

Every capability lets a browser call server code by name: a LiveView's ``@event_handler``
methods, a signal, a model-state channel's ``@action``. All of them share this module, so
they refuse alike and with the same error codes: ``unknown_handler`` when the name is not a
marked, public callable; ``bad_params`` when a parameter is missing or cannot be converted to
its annotation (the reason names the parameter).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import enum
import inspect
import re
import types
import typing
import weakref
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from django.conf import settings

from djwire.transport.errors import ProtocolError
from djwire.transport.logs import echo
from djwire.transport.protocol import ERROR_BAD_PARAMS, ERROR_UNKNOWN_HANDLER

F = TypeVar("F", bound=Callable[..., Any])

_MARK = "_djwire_callable"


def mark_callable(func: F, kind: str) -> F:
    """Mark ``func`` as callable from a browser as ``kind`` (``"event_handler"``, ...).

    Raises TypeError for a private name (leading ``_``): those are never callable.
    """
    if func.__name__.startswith("_"):
        raise TypeError(
            f"@{kind} on {func.__qualname__}: a private function (leading '_') cannot be "
            f"called from a browser; rename it without the underscore."
        )
    kinds: frozenset[str] = getattr(func, _MARK, frozenset())
    setattr(func, _MARK, kinds | {kind})
    return func


def is_callable_as(func: object, kind: str) -> bool:
    """True when ``func`` carries the mark ``kind``."""
    return kind in getattr(func, _MARK, ())


def resolve_callable(owner: object, name: Any, kind: str) -> Callable[..., Any]:
    """``owner``'s attribute ``name`` when it is marked ``kind``, or
    ProtocolError(unknown_handler) saying why not."""
    cls = owner if isinstance(owner, type) else type(owner)
    if not isinstance(name, str) or not name:
        raise ProtocolError(ERROR_UNKNOWN_HANDLER, "the request needs the name of what to call")
    if name.startswith("_"):
        raise ProtocolError(
            ERROR_UNKNOWN_HANDLER, f"{echo(name)} is private: browsers can only call @{kind}s"
        )
    attr = getattr(cls, name, None)
    if attr is None or not is_callable_as(attr, kind):
        # Outside DEBUG one answer for "no such method" and "a method not marked": a browser
        # probing names learns nothing of the class's methods.
        reason = f"{cls.__qualname__} has no @{kind} named {echo(name)}"
        if attr is not None and settings.DEBUG:
            reason = f"{cls.__qualname__}.{name} is not marked @{kind}, so a browser cannot call it"
        raise ProtocolError(ERROR_UNKNOWN_HANDLER, reason)
    found: Callable[..., Any] = getattr(owner, name)
    return found


def bind_or_refuse(
    func: Callable[..., Any], params: Any, what: str, reserved: Collection[str] = ()
) -> dict[str, Any]:
    """:func:`bind`, with a refusal (ProtocolError(bad_params) naming ``what``) for bad params."""
    if not isinstance(params, dict):
        raise ProtocolError(ERROR_BAD_PARAMS, f"{what}: params must be an object")
    try:
        return bind(func, params, reserved)
    except BadParams as error:
        raise ProtocolError(ERROR_BAD_PARAMS, f"{what}: {error}") from None


_TRUE = {"true", "on", "1", "yes"}
_FALSE = {"false", "off", "0", "no", ""}


class BadParams(ValueError):
    """A parameter is missing or cannot be converted; the message says which and why."""


def bind(
    func: Callable[..., Any], params: dict[str, Any], reserved: Collection[str] = ()
) -> dict[str, Any]:
    """Keyword arguments for ``func`` from the browser's ``params``.

    Parameters the handler does not declare are passed only when it takes ``**kwargs``.
    ``reserved`` names are the server's to pass (a signal's ``window_info``): a browser that
    sends one is refused, and they are not looked for in ``params``.
    """
    for name in reserved:
        if name in params:
            raise BadParams(f"{name!r} is set by the server, not by the browser")
    parameters, accepts_extra, declared = _plan(func)
    result: dict[str, Any] = {}
    for name, required, hint in parameters:
        if name in reserved:
            continue
        if name in params:
            result[name] = convert(params[name], hint, name)
        elif required:
            raise BadParams(f"missing parameter {name!r}")
    if accepts_extra:
        for name, value in params.items():
            if name not in result and name not in declared:
                result[name] = value
    return result


# What bind() needs of a function's signature: (name, required, annotation) of each keyword
# parameter, whether it takes **kwargs, and every name the signature declares.
_Plan = tuple[tuple[tuple[str, bool, Any], ...], bool, frozenset[str]]

# Per function, as signature() and get_type_hints() cost more than the handler of a push
# (one call per view it reaches). Bound methods are keyed by their function, apart from
# plain functions (their signature lacks ``self``); weak, so nothing is kept alive.
_plans: weakref.WeakKeyDictionary[Any, _Plan] = weakref.WeakKeyDictionary()
_bound_plans: weakref.WeakKeyDictionary[Any, _Plan] = weakref.WeakKeyDictionary()


def _plan(func: Callable[..., Any]) -> _Plan:
    inner = getattr(func, "__func__", None)
    plans, key = (_plans, func) if inner is None else (_bound_plans, inner)
    try:
        return plans[key]
    except (KeyError, TypeError):  # TypeError: not weakly referable (a builtin)
        pass
    signature = inspect.signature(func)
    hints = _hints(func)
    parameters = []
    accepts_extra = False
    for name, parameter in signature.parameters.items():
        if parameter.kind is parameter.VAR_KEYWORD:
            accepts_extra = True
        elif parameter.kind is not parameter.VAR_POSITIONAL:
            required = parameter.default is parameter.empty
            parameters.append((name, required, hints.get(name, Any)))
    plan = (tuple(parameters), accepts_extra, frozenset(signature.parameters))
    with contextlib.suppress(TypeError):
        plans[key] = plan
    return plan


def _hints(func: Callable[..., Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(func)
    except Exception:
        # An annotation typing refuses or cannot resolve: use those that are objects already
        # (a validator instance), leave the rest unconverted.
        parameters = inspect.signature(func).parameters.values()
        return {p.name: p.annotation for p in parameters if not isinstance(p.annotation, str)}


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
        raise BadParams(f"parameter {name!r}: expected an object, got {echo(value)}")
    if annotation is list:
        return value if isinstance(value, list) else [value]
    converter = _converter_of(annotation)
    if converter is None:
        return value
    try:
        return converter(value)
    except (ValueError, TypeError, ArithmeticError, LookupError) as error:
        if annotation in _CONVERTERS:
            expected = annotation.__name__
        else:  # a validator of the user's (RE, Choice, a function): its message says why
            expected = f"{_describe(annotation)}" + (f" ({error})" if str(error) else "")
        raise BadParams(f"parameter {name!r}: expected {expected}, got {echo(value)}") from None


def _converter_of(annotation: Any) -> Callable[[Any], Any] | None:
    """How a browser value becomes ``annotation``: the built-in conversions, an enum by value,
    or any callable that is not a type (``RE(...)``, ``Choice(...)``, ``SerializedForm(...)``,
    a function), applied to the value as df_websockets does. Other types are left as sent."""
    converter = _CONVERTERS.get(annotation)
    if converter is not None:
        return converter
    if isinstance(annotation, type):
        return annotation if issubclass(annotation, enum.Enum) else None
    if callable(annotation) and typing.get_origin(annotation) is None:
        return annotation  # type: ignore[no-any-return]
    return None


def _describe(annotation: Any) -> str:
    return str(getattr(annotation, "__name__", None) or repr(annotation))


def _to_str(value: Any) -> str:
    if isinstance(value, list | dict):
        raise TypeError
    return "" if value is None else str(value)


# What a browser sends for an integer: ASCII digits. Python's int() also takes "٣" (any
# Unicode digit) and "1_000", which no form field means.
_ASCII_INT = re.compile(r"[+-]?[0-9]+")


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not _ASCII_INT.fullmatch(text):
        raise ValueError
    return int(text)


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
