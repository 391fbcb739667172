"""The value types listed once, for the codec, the change tracker and the checks."""

import datetime as dt
import decimal
import uuid

from djwire import codec
from djwire.codec.types import IMMUTABLE_TYPES, SUPPORTED_TYPES, is_immutable


def test_every_immutable_type_round_trips_through_the_codec_with_its_type():
    samples = [
        "s",
        1,
        1.5,
        True,
        None,
        b"x",
        decimal.Decimal("1.10"),
        dt.date(2026, 1, 2),
        dt.datetime(2026, 1, 2, 3, 4),
        dt.time(3, 4),
        dt.timedelta(seconds=5),
        uuid.UUID(int=7),
    ]
    assert {type(s) for s in samples} == set(IMMUTABLE_TYPES)
    for sample in samples:
        back = codec.decode(codec.encode(sample))
        assert back == sample and type(back) is type(sample)


def test_containers_are_supported_but_not_immutable():
    for kind in (list, dict, set):
        assert issubclass(kind, SUPPORTED_TYPES) and not is_immutable(kind())
    assert is_immutable((1, "a")) and not is_immutable((1, []))
