"""The state codec: view state to bytes and back, exactly, with orjson doing the heavy lifting.

JSON has no dates, decimals, sets, tuples, enums or non-string keys, so values of those types
are written as tagged objects ``{"$dj": tag, "v": value}`` and turned back on decode. Plain
``str``/``int``/``float``/``bool``/``None`` rows in lists and dicts (tracked containers too)
are written by orjson's C code; the Python side only checks the *types* of a container's
items, with set operations that run in C, and walks into a container only when one of its
items needs a tag. Decoding walks nothing when the bytes hold no tag at all.

What round-trips, with its type: str, int (any size), float (NaN and infinities too), bool,
None, list, dict (any hashable supported key), tuple, set, frozenset, date, datetime (naive or
aware; a ``zoneinfo`` zone is kept by name), time, timedelta, UUID, Decimal, enum members,
Django model instances (restored without a query) and QuerySets (written as their results,
restored as a list of instances). See docs/state.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import itertools
import math
import operator
import uuid
import zoneinfo
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from djwire.codec._revive import revive
from djwire.codec._tables import MIN_ROWS, TAG, Tagged, table_of
from djwire.codec.types import PLAIN_TYPES

_TAG_BYTES = b'"$dj"'
_INT64 = (-(2**63), 2**64 - 1)  # what orjson writes natively

# Leaf types orjson writes (str, int, float, bool, None) or hands to ``default``, which tags
# them (dates and times: passed through on purpose, so that they keep their type). Floats are
# checked apart for NaN and infinities, which orjson would write as null.
_PLAIN = PLAIN_TYPES
_PLAIN_WIDE = _PLAIN - {int}  # the retry after orjson refused an int beyond 64 bits
_STR = frozenset({str})
# C functions, so that the scans below run without a Python frame per item.
_is_float = float.__instancecheck__
_is_dict = dict.__instancecheck__
_is_list = list.__instancecheck__
_values = dict.values
_chain = itertools.chain.from_iterable


class UnserializableValue(TypeError):
    """A value of public state that the codec cannot write."""

    def __init__(self, value: object) -> None:
        self.value = value
        kind = type(value)
        super().__init__(f"{kind.__qualname__} (from {kind.__module__}) is not serializable")


def _tag(tag: str, value: Any) -> dict[str, Any]:
    return {TAG: tag, "v": value}


def _finite(values: Iterable[Any]) -> bool:
    # orjson writes NaN and infinities as null, so those are tagged. One NaN or infinity
    # makes the sum non-finite (summed in C); a sum that merely overflowed is checked exactly.
    floats = list(filter(_is_float, values))  # a list: an iterator would be spent by sum()
    if math.isfinite(sum(floats, 0.0)):
        return True
    return all(v - v == 0.0 for v in floats)


def _native_offset(zone: dt.tzinfo | None) -> bool:
    # orjson writes these offsets exactly as fromisoformat reads them (whole minutes).
    if zone is None or zone is dt.UTC:
        return True
    if type(zone) is not dt.timezone:
        return False
    offset = zone.utcoffset(None)
    return offset.microseconds == 0 and offset.seconds % 60 == 0


def _fast(value: Any) -> bool:
    """Whether orjson can write ``value`` as it is: False when something in it needs the
    careful path (a tuple, a UUID, an enum, a set, a model, NaN...). Keys are left to orjson,
    which refuses any key that is not exactly a str. One pass per nesting level, in C."""
    kind = type(value)
    if kind in _PLAIN:
        return _finite([value])
    if not isinstance(value, (dict, list)):
        return False
    level, dicts_only, lists_only = [value], kind is dict, kind is list
    while level:
        dicts = level if dicts_only else [] if lists_only else list(filter(_is_dict, level))
        lists = level if lists_only else [] if dicts_only else list(filter(_is_list, level))
        if dicts and any(map(operator.contains, dicts, _repeat_tag())):
            return False  # a user's dict that looks like a tag: written escaped
        types = set(map(type, _items(dicts, lists)))
        if float in types and not _finite(_items(dicts, lists)):
            return False
        containers = types - _PLAIN
        if not containers:
            return True
        dict_kinds = [k for k in containers if issubclass(k, dict)]
        list_kinds = [k for k in containers if issubclass(k, list)]
        if len(dict_kinds) + len(list_kinds) != len(containers):
            return False
        dicts_only, lists_only = not list_kinds, not dict_kinds
        items = _items(dicts, lists)
        if dicts_only:
            level = list(filter(_is_dict, items))
        elif lists_only:
            level = list(filter(_is_list, items))
        else:
            level = list(filter(_is_dict, items))
            level.extend(filter(_is_list, _items(dicts, lists)))
    return True


def _holds_rows(value: Any) -> bool:
    """A long list of dicts among ``value``'s own items (the usual place of a view's rows):
    written as columns (see _tables.py), which beats orjson calling back per value."""
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return any(
        isinstance(item, list) and len(item) >= MIN_ROWS and _is_dict(item[0]) for item in items
    )


def _items(dicts: list[Any], lists: list[Any]) -> Iterable[Any]:
    values = _chain(map(_values, dicts))
    return itertools.chain(values, _chain(lists)) if lists else values


def _repeat_tag() -> Iterable[str]:
    return itertools.repeat(TAG)


class _Encoder:
    """One encode: ``prepare`` rewrites, in Python, only what orjson would write wrongly
    (tuples, UUIDs, enums, NaN, non-str keys); ``default`` tags what orjson cannot write."""

    def __init__(self, plain: frozenset[type], fallback: Callable[[Any], Any] | None) -> None:
        self.plain = plain
        self.simple = plain - {float}  # written as they are, without a look
        self.fallback = fallback

    def clean(self, values: Any) -> bool:
        """True when every value can go to orjson as it is."""
        types = set(map(type, values))
        if types <= self.plain:
            return float not in types or _finite(values)
        return False

    def prepare(self, value: Any) -> Any:
        kind = type(value)
        if kind in self.plain:
            if kind is float and value - value != 0.0:
                return _tag("f", repr(value))
            return value
        if kind is Tagged:
            return value
        if isinstance(value, dict):  # tracked dicts too
            return self.prepare_dict(value)
        if isinstance(value, list):
            return self.prepare_list(value)
        if isinstance(value, enum.Enum):
            return _tag("enum", [kind.__module__, kind.__qualname__, self.prepare(value.value)])
        if isinstance(value, tuple):
            return _tag("tuple", self.prepare_list(list(value)))
        if isinstance(value, uuid.UUID):
            return _tag("uuid", str(value))
        if kind is int:  # only in the wide retry
            return value if _INT64[0] <= value <= _INT64[1] else _tag("int", str(value))
        return value  # orjson writes it or calls ``default``

    def prepare_list(self, value: list[Any]) -> Any:
        if len(value) >= MIN_ROWS and int in self.plain:  # the wide retry writes no tables
            table = table_of(value, self.prepare, _fast)
            if table is not None:
                return table
        if self.clean(value):
            return value
        simple, prepare = self.simple, self.prepare
        prepared = [item if type(item) in simple else prepare(item) for item in value]
        return value if all(map(operator.is_, prepared, value)) else prepared

    def prepare_dict(self, value: dict[Any, Any]) -> Any:
        if TAG in value or not _STR.issuperset(map(type, value)):
            pairs = [[self.prepare(k), self.prepare(v)] for k, v in value.items()]
            return _tag("map", pairs)
        values = value.values()
        if self.clean(values):
            return value
        simple, prepare = self.simple, self.prepare
        prepared = {k: v if type(v) in simple else prepare(v) for k, v in value.items()}
        return value if all(map(operator.is_, prepared.values(), values)) else prepared

    def default(self, value: Any) -> Any:
        # orjson calls this for every type it does not write natively. The two most common
        # in rows, Decimals and naive or UTC datetimes, are answered first.
        kind = type(value)
        if kind is decimal.Decimal:
            return {TAG: "dec", "v": str(value)}
        if kind is dt.datetime and not value.fold:
            zone = value.tzinfo
            if zone is None or zone is dt.UTC:
                # orjson's own text for it, which fromisoformat reads back exactly; ~3x
                # faster than isoformat() on an aware datetime.
                return {TAG: "dt", "v": orjson.dumps(value)[1:-1].decode()}
        try:
            return self._tagged(value)
        except UnserializableValue:
            if self.fallback is None:
                raise
            return self.fallback(value)

    def _tagged(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            zone = value.tzinfo
            if isinstance(zone, zoneinfo.ZoneInfo) and zone.key:
                # Wall time, zone name and fold: exact even in a DST gap or overlap.
                wall = value.replace(tzinfo=None).isoformat()
                return _tag("dtz", [wall, zone.key, value.fold])
            if value.fold:
                return _tag("dtz", [value.isoformat(), None, 1])
            if _native_offset(zone):
                return _tag("dt", orjson.dumps(value)[1:-1].decode())
            offset = value.utcoffset()
            if type(zone) is dt.timezone and offset is not None:
                # An offset with seconds or microseconds: fromisoformat drops the microseconds
                # of an offset, so it is written as numbers.
                wall = value.replace(tzinfo=None).isoformat()
                return _tag("dto", [wall, offset.days, offset.seconds, offset.microseconds])
            return _tag("dt", value.isoformat())
        if isinstance(value, dt.date):
            return _tag("d", value.isoformat())
        if isinstance(value, dt.time):
            return _tag("t", value.isoformat() if not value.fold else [value.isoformat(), 1])
        if isinstance(value, decimal.Decimal):
            return _tag("dec", str(value))
        if isinstance(value, dt.timedelta):
            return _tag("td", [value.days, value.seconds, value.microseconds])
        if isinstance(value, frozenset):
            return _tag("fset", self.prepare_list(list(value)))
        if isinstance(value, set):
            return _tag("set", self.prepare_list(list(value)))
        if isinstance(value, bytes):
            return _tag("b", base64.b64encode(value).decode())
        meta = getattr(value, "_meta", None)
        if meta is not None and hasattr(meta, "concrete_fields"):
            return self._model(value, meta)
        from django.db.models.query import QuerySet

        if isinstance(value, QuerySet):
            # Stored as its results: a restored view holds a list, not a query to run again.
            return self.prepare_list(list(value))
        raise UnserializableValue(value)

    def _model(self, value: Any, meta: Any) -> dict[str, Any]:
        from django.db.models.fields.files import FieldFile

        loaded = value.__dict__
        fields = {}
        for field in meta.concrete_fields:
            if field.attname not in loaded:
                continue  # deferred: reading it would run a query; it stays deferred
            raw = loaded[field.attname]
            fields[field.attname] = raw.name if isinstance(raw, FieldFile) else raw
        return _tag("model", [meta.label, self.prepare_dict(fields), value._state.adding])


# Dataclasses would be written as dicts and come back as dicts: send them to ``default``,
# which refuses them, so that the developer hears of it instead of finding a dict later.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def encode(value: Any, *, fallback: Callable[[Any], Any] | None = None) -> bytes:
    """Encode ``value`` to bytes; ``fallback(obj)`` replaces what cannot be encoded (or raise
    :class:`UnserializableValue`)."""
    encoder = _Encoder(_PLAIN, fallback)
    if not _holds_rows(value) and _fast(value):
        try:
            return orjson.dumps(value, default=encoder.default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            pass  # a key that is not a str, or an int beyond 64 bits: the careful path
    try:
        return _dumps(encoder, value)
    except orjson.JSONEncodeError as error:
        if "64-bit" not in str(error):
            raise
    # Rare: an int beyond 64 bits. Walk again with ints checked one by one.
    return _dumps(_Encoder(_PLAIN_WIDE, fallback), value)


def _dumps(encoder: _Encoder, value: Any) -> bytes:
    try:
        return orjson.dumps(encoder.prepare(value), default=encoder.default, option=_OPTIONS)
    except orjson.JSONEncodeError as error:
        # orjson wraps what ``default`` raised; give the caller the value that failed.
        if isinstance(error.__cause__, UnserializableValue):
            raise error.__cause__ from None
        raise


def decode(data: bytes | str) -> Any:
    """Decode what :func:`encode` wrote, with every tagged value restored to its type."""
    loaded = orjson.loads(data)
    raw = data.encode() if isinstance(data, str) else data
    if _TAG_BYTES not in raw:
        return loaded  # no tag anywhere: nothing to walk
    return revive(loaded)
