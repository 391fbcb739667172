"""Decoding's second half: turning the codec's tags back into their values, in place."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import importlib
import uuid
import zoneinfo
from collections.abc import Callable
from typing import Any

from djwire.codec._tables import TAG, rows_of
from djwire.codec.types import JSON_SCALAR_TYPES

_JSON_LEAVES = JSON_SCALAR_TYPES


def _import_enum(module: str, qualname: str) -> type[enum.Enum]:
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    if not (isinstance(target, type) and issubclass(target, enum.Enum)):
        raise ValueError(f"{module}.{qualname} is not an enum")
    return target


def _decode_model(label: str, fields: dict[str, Any], adding: bool) -> Any:
    from django.apps import apps
    from django.db.models import DEFERRED

    model = apps.get_model(label)
    concrete = model._meta.concrete_fields
    names = [f.attname for f in concrete]
    values = [_revive(fields[n]) if n in fields else DEFERRED for n in names]
    instance = model.from_db(None, names, values)
    instance._state.adding = adding
    return instance


def _datetime_in_zone(v: list[Any]) -> dt.datetime:
    wall = dt.datetime.fromisoformat(v[0])
    if v[1] is None:
        return wall.replace(fold=v[2])
    return wall.replace(tzinfo=zoneinfo.ZoneInfo(v[1]), fold=v[2])


def _time(v: Any) -> dt.time:
    if type(v) is str:
        return dt.time.fromisoformat(v)
    return dt.time.fromisoformat(v[0]).replace(fold=v[1])


# Tag -> how to restore its value; the containers' items are revived first.
def _datetime_at_offset(v: list[Any]) -> dt.datetime:
    offset = dt.timedelta(days=v[1], seconds=v[2], microseconds=v[3])
    return dt.datetime.fromisoformat(v[0]).replace(tzinfo=dt.timezone(offset))


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "dt": dt.datetime.fromisoformat,
    "dtz": _datetime_in_zone,
    "dto": _datetime_at_offset,
    "d": dt.date.fromisoformat,
    "t": _time,
    "td": lambda v: dt.timedelta(days=v[0], seconds=v[1], microseconds=v[2]),
    "dec": decimal.Decimal,
    "uuid": uuid.UUID,
    "f": float,
    "int": int,
    "b": base64.b64decode,
    "tuple": lambda v: tuple(_revive(v)),
    "set": lambda v: set(_revive(v)),
    "fset": lambda v: frozenset(_revive(v)),
    "map": lambda v: {_revive(k): _revive(x) for k, x in v},
    "enum": lambda v: _import_enum(v[0], v[1])(_revive(v[2])),
    "model": lambda v: _decode_model(v[0], v[1], v[2]),
    "rows": lambda v: rows_of(v, revive),
}


def _decode_tag(tagged: dict[str, Any]) -> Any:
    tag = tagged[TAG]
    try:
        decoder = _DECODERS[tag]
    except (KeyError, TypeError):
        raise ValueError(f"unknown codec tag {tag!r}") from None
    return decoder(tagged["v"])


def _revive(value: Any) -> Any:
    # Works in place: the containers are fresh from orjson.loads, nobody else holds them.
    kind = type(value)
    if kind is dict:
        if TAG in value:
            return _decode_tag(value)
        if not _JSON_LEAVES.issuperset(map(type, value.values())):
            for key, item in value.items():
                if type(item) is dict:
                    value[key] = _decode_tag(item) if TAG in item else _revive(item)
                elif type(item) is list:
                    _revive(item)
    elif kind is list and not _JSON_LEAVES.issuperset(map(type, value)):
        for i, item in enumerate(value):
            if type(item) is dict:
                value[i] = _decode_tag(item) if TAG in item else _revive(item)
            elif type(item) is list:
                _revive(item)
    return value


def revive(value: Any) -> Any:
    """``value`` (fresh from orjson.loads) with every tagged value restored."""
    return _revive(value)
