"""The state codec round-trips the types view state uses."""

import datetime as dt
import decimal
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djwire import codec

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**62), 2**62),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=5))])),
    st.times(),
    st.timedeltas(),
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.frozensets(st.integers(0, 9), max_size=3),
    st.sets(st.text(max_size=3), max_size=3),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(values)
def test_round_trip(value):
    assert codec.decode(codec.encode(value)) == value


def test_types_are_kept():
    value = {"d": decimal.Decimal("1.10"), "s": {1}, "t": dt.time(1, 2)}
    back = codec.decode(codec.encode(value))
    assert type(back["d"]) is decimal.Decimal and str(back["d"]) == "1.10"
    assert type(back["s"]) is set and type(back["t"]) is dt.time


def test_uuid_is_written_as_text_for_now():
    # orjson writes UUIDs natively, so the type is not kept yet (exact codec: issue 4).
    assert codec.decode(codec.encode(uuid.UUID(int=1))) == str(uuid.UUID(int=1))


def test_unserializable_value_names_its_type():
    with pytest.raises(codec.UnserializableValue, match="generator"):
        codec.encode({"x": (i for i in range(3))})
    assert codec.encode({"x": object()}, fallback=lambda o: "str!") == b'{"x":"str!"}'
