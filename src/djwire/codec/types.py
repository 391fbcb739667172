"""The value types djwire knows, listed once: what the codec writes as it is, what cannot change
in place (so the change tracker compares by equality), and how to tell a user what state may hold.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from typing import Any

# What orjson writes natively, as JSON scalars.
JSON_SCALAR_TYPES: frozenset[type] = frozenset({str, int, float, bool, type(None)})

# Dates and times: orjson writes them as ISO text, the codec tags them so that they keep their type.
TEMPORAL_TYPES: frozenset[type] = frozenset({dt.datetime, dt.date, dt.time, dt.timedelta})

# Leaf types the encoder hands to orjson untouched (NaN and infinities apart, see _encode.py).
PLAIN_TYPES: frozenset[type] = JSON_SCALAR_TYPES | TEMPORAL_TYPES | {decimal.Decimal}

# Values that cannot change in place: equal means unchanged.
IMMUTABLE_TYPES: tuple[type, ...] = tuple(PLAIN_TYPES | {bytes, uuid.UUID})

# Classes whose instances the codec saves, subclasses too (Django models are recognised apart).
SUPPORTED_TYPES: tuple[type, ...] = (*IMMUTABLE_TYPES, list, dict, tuple, set, frozenset, enum.Enum)

# What a message names when a value is not one of these (checks, push errors, serialization).
SUPPORTED_STATE = "plain data (str, numbers, lists, dicts, dates, Decimal, UUID, enums, models)"


def is_immutable(value: Any) -> bool:
    """True when ``value`` cannot change without being replaced.

    Looks at ``type(value)`` only: ``isinstance`` on a lazy object (Django's csrf_token, a
    lazy user) would evaluate it, which is the work this check exists to avoid.
    """
    kind = type(value)
    if kind is tuple or kind is frozenset:
        return all(issubclass(type(v), IMMUTABLE_TYPES) for v in value)
    return issubclass(kind, IMMUTABLE_TYPES)
