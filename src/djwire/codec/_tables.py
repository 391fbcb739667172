"""Lists of rows written as columns: how the codec keeps up with long tables of mixed types.

A view's state is often a list of dicts with the same keys: rows. Written value by value,
every Decimal and datetime costs a Python call on the way out and another on the way back.
Written as columns, a column of Decimals is one ``map(str, ...)`` out and one
``map(Decimal, ...)`` back, a column of datetimes is written by orjson in C and read back by
``fromisoformat`` in C, and plain columns go through as they are; the keys are written once.

    {"$dj": "rows", "v": [keys, [column, ...]]}
    column = {"v": [...]}                   plain JSON values
           | {"c": "dec" | "dt", "v": [...]}  Decimal / datetime, as text
           | {"r": 1, "v": [...]}          anything else, prepared (and revived) value by value
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import itertools
import math
import operator
from collections.abc import Callable
from typing import Any

import orjson

from djwire.codec.types import JSON_SCALAR_TYPES

TAG = "$dj"
MIN_ROWS = 8  # below this, columns save nothing worth their bookkeeping

_JSON_COLUMN = JSON_SCALAR_TYPES
_INT64 = (-(2**63), 2**64 - 1)  # what orjson writes natively
_is_dict = dict.__instancecheck__
_is_list = list.__instancecheck__
_STR_KEYS = frozenset({str})
_is_int = int.__instancecheck__
_is_float = float.__instancecheck__
_tzinfo = operator.attrgetter("tzinfo")
_fold = operator.attrgetter("fold")


class Tagged(dict[str, Any]):
    """A tag the codec made itself: written as it is, never escaped as a user's dict."""


def table_of(
    rows: list[Any], prepare: Callable[[Any], Any], fast: Callable[[Any], bool]
) -> Tagged | None:
    """``rows`` as columns, or None when they are not rows (dicts with the same str keys).

    ``prepare`` rewrites a value for orjson; ``fast`` tells whether a value needs no rewriting.
    """
    if len(rows) < MIN_ROWS or not all(map(_is_dict, rows)):
        return None
    keys = tuple(rows[0])
    if TAG in keys or not all(type(key) is str for key in keys):
        return None
    if not all(map(operator.eq, map(tuple, rows), itertools.repeat(keys))):
        return None
    columns = [
        _column(column, prepare, fast) for column in zip(*map(dict.values, rows), strict=True)
    ]
    return Tagged({TAG: "rows", "v": [list(keys), columns]})


def _column(
    values: tuple[Any, ...], prepare: Callable[[Any], Any], fast: Callable[[Any], bool]
) -> dict[str, Any]:
    kinds = set(map(type, values))
    if kinds <= _JSON_COLUMN and _json_numbers(values, kinds):
        return {"v": values}
    if kinds == {decimal.Decimal}:
        return {"c": "dec", "v": list(map(str, values))}
    if kinds == {dt.datetime} and _plain_datetimes(values):
        # orjson writes naive and UTC datetimes in C as text fromisoformat reads back exactly.
        return {"c": "dt", "v": orjson.Fragment(orjson.dumps(values))}
    if _json_only(values):  # e.g. small lists of plain values: nothing to restore either
        return {"v": values}
    if fast(list(values)) and _str_keys(values):
        # orjson writes them as they are; tagged values inside come back
        return {"r": 1, "v": values}
    return {"r": 1, "v": [prepare(value) for value in values]}


def _json_numbers(values: tuple[Any, ...], kinds: set[type]) -> bool:
    # orjson refuses ints beyond 64 bits and writes NaN and infinities as null.
    if int in kinds:
        ints = list(filter(_is_int, values))  # bools too: within bounds anyway
        if min(ints) < _INT64[0] or max(ints) > _INT64[1]:
            return False
    if float in kinds:
        return math.isfinite(sum(filter(_is_float, values), 0.0))
    return True


def _json_only(values: tuple[Any, ...]) -> bool:
    """Only JSON values (str keys, no tag-like dicts, finite floats, 64-bit ints), at any
    depth: scanned one nesting level at a time, with C calls doing the per-item work."""
    level: Any = values
    while level:
        kinds = set(map(type, level))
        if not _json_numbers(level, kinds):
            return False
        containers = kinds - _JSON_COLUMN
        if not containers:
            return True
        if not containers <= {list, dict}:
            return False
        dicts = list(filter(_is_dict, level)) if dict in containers else []
        if any(TAG in d or not _STR_KEYS.issuperset(map(type, d)) for d in dicts):
            return False
        lists = filter(_is_list, level) if list in containers else ()
        values_of_dicts = map(dict.values, dicts)
        level = [
            *itertools.chain.from_iterable(lists),
            *itertools.chain.from_iterable(values_of_dicts),
        ]
    return True


def _str_keys(values: tuple[Any, ...]) -> bool:
    """Every dict at any depth has str keys only: orjson refuses any other key, which the
    careful path (``prepare``) writes as a tagged pair list."""
    level: list[Any] = list(values)
    while level:
        dicts = list(filter(_is_dict, level))
        if any(not _STR_KEYS.issuperset(map(type, d)) for d in dicts):
            return False
        lists = filter(_is_list, level)
        level = [
            *itertools.chain.from_iterable(lists),
            *itertools.chain.from_iterable(map(dict.values, dicts)),
        ]
    return True


def _plain_datetimes(values: tuple[dt.datetime, ...]) -> bool:
    return set(map(_tzinfo, values)) <= {None, dt.UTC} and not any(map(_fold, values))


def rows_of(value: list[Any], revive: Callable[[Any], Any]) -> list[dict[str, Any]]:
    """The rows a table tag holds."""
    keys, columns = value
    restored = []
    for column in columns:
        values = column["v"]
        kind = column.get("c")
        if kind == "dec":
            values = list(map(decimal.Decimal, values))
        elif kind == "dt":
            values = list(map(dt.datetime.fromisoformat, values))
        elif column.get("r"):
            values = revive(values)
        restored.append(values)
    if len({len(values) for values in restored}) > 1:
        raise ValueError("codec rows: columns of different lengths")
    return list(map(_row_builder(tuple(keys)), *restored))


@functools.lru_cache(maxsize=256)
def _row_builder(keys: tuple[str, ...]) -> Callable[..., dict[str, Any]]:
    """A function making one row from its values: ``lambda v0, v1: {"id": v0, "name": v1}``.

    A dict display runs about twice as fast as ``dict(zip(keys, values))`` per row. The code
    holds nothing but the keys written with ``repr()`` of a str, so only literals reach it.
    """
    if not all(type(key) is str for key in keys):
        raise ValueError("codec rows: keys must be strings")
    params = ", ".join(f"v{i}" for i in range(len(keys)))
    body = ", ".join(f"{key!r}: v{i}" for i, key in enumerate(keys))
    builder: Callable[..., dict[str, Any]] = eval(
        f"lambda {params}: {{{body}}}", {"__builtins__": {}}
    )
    return builder
