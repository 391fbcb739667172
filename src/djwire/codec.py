"""The state codec: view state to bytes and back, exactly, with orjson doing the heavy lifting.

JSON has no dates, decimals, sets or tuples, so values of those types are written as tagged
objects ``{"$dj": tag, "v": value}`` and turned back on decode. Plain ``str``/``int``/``float``/
``bool``/``None``/``list``/``dict`` rows go through orjson's C code untouched.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Callable
from typing import Any

import orjson

TAG = "$dj"


class UnserializableValue(TypeError):
    """A value of public state that the codec cannot write."""

    def __init__(self, value: object) -> None:
        self.value = value
        kind = type(value)
        super().__init__(f"{kind.__qualname__} (from {kind.__module__}) is not serializable")


def _tag(tag: str, value: Any) -> dict[str, Any]:
    return {TAG: tag, "v": value}


def _default(value: Any) -> Any:
    # orjson calls this for every type it does not write natively (and for datetimes,
    # which we pass through so that they keep their type on the way back).
    if isinstance(value, dt.datetime):
        return _tag("dt", value.isoformat())
    if isinstance(value, dt.date):
        return _tag("d", value.isoformat())
    if isinstance(value, dt.time):
        return _tag("t", value.isoformat())
    if isinstance(value, dt.timedelta):
        return _tag("td", [value.days, value.seconds, value.microseconds])
    if isinstance(value, decimal.Decimal):
        return _tag("dec", str(value))
    if isinstance(value, uuid.UUID):
        return _tag("uuid", str(value))
    if isinstance(value, frozenset):
        return _tag("fset", list(value))
    if isinstance(value, set):
        return _tag("set", list(value))
    if isinstance(value, tuple):
        return _tag("tuple", list(value))
    if isinstance(value, enum.Enum):
        kind = type(value)
        return _tag("enum", [f"{kind.__module__}.{kind.__qualname__}", value.value])
    model_value = _encode_model(value)
    if model_value is not None:
        return model_value
    raise UnserializableValue(value)


def _encode_model(value: Any) -> dict[str, Any] | None:
    meta = getattr(value, "_meta", None)
    if meta is None or not hasattr(meta, "concrete_fields"):
        return None
    fields = {f.attname: getattr(value, f.attname) for f in meta.concrete_fields}
    return _tag("model", [meta.label, fields])


# Subclasses of list and dict (tracked containers) are written natively at C speed; tuples
# and enums are written by orjson as lists and values (types kept exactly: issue 4).
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME


def encode(value: Any, *, fallback: Callable[[Any], Any] | None = None) -> bytes:
    """Encode ``value`` to bytes; ``fallback(obj)`` replaces what cannot be encoded (or raise)."""

    def default(obj: Any) -> Any:
        try:
            return _default(obj)
        except UnserializableValue:
            if fallback is None:
                raise
            return fallback(obj)

    try:
        return orjson.dumps(value, default=default, option=_OPTIONS)
    except orjson.JSONEncodeError as error:
        # orjson wraps what ``default`` raised; give the caller the value that failed.
        if isinstance(error.__cause__, UnserializableValue):
            raise error.__cause__ from None
        raise


def _decode_tag(tag: str, v: Any) -> Any:
    if tag == "dt":
        return dt.datetime.fromisoformat(v)
    if tag == "d":
        return dt.date.fromisoformat(v)
    if tag == "t":
        return dt.time.fromisoformat(v)
    if tag == "td":
        return dt.timedelta(days=v[0], seconds=v[1], microseconds=v[2])
    if tag == "dec":
        return decimal.Decimal(v)
    if tag == "uuid":
        return uuid.UUID(v)
    if tag == "set":
        return {_revive(x) for x in v}
    if tag == "fset":
        return frozenset(_revive(x) for x in v)
    if tag == "tuple":
        return tuple(_revive(x) for x in v)
    if tag == "enum":
        from django.utils.module_loading import import_string

        return import_string(v[0])(_revive(v[1]))
    if tag == "model":
        from django.apps import apps

        model = apps.get_model(v[0])
        fields = {k: _revive(x) for k, x in v[1].items()}
        return model.from_db(None, list(fields), list(fields.values()))
    raise ValueError(f"unknown codec tag {tag!r}")


def _revive(value: Any) -> Any:
    if isinstance(value, list):
        return [_revive(v) for v in value]
    if isinstance(value, dict):
        if TAG in value and len(value) == 2 and "v" in value:
            return _decode_tag(value[TAG], value["v"])
        return {k: _revive(v) for k, v in value.items()}
    return value


def decode(data: bytes | str) -> Any:
    """Decode what :func:`encode` wrote, with every tagged value restored to its type."""
    return _revive(orjson.loads(data))


def dumps(value: Any) -> bytes:
    """Plain JSON for the wire (no tags): strings, numbers, lists and dicts only."""
    return orjson.dumps(value)
