"""The state codec round-trips every supported type exactly, and refuses the rest by name."""

import dataclasses
import datetime as dt
import decimal
import enum
import threading
import uuid
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djwire import codec
from djwire.live.containers import track
from djwire.live.tracking import ChangeTracker
from tests.testapp.models import Gadget


class Color(enum.Enum):
    RED = "red"
    BLUE = (0, 0, 255)


class Size(enum.IntEnum):
    S = 1
    M = 2


class Outer:
    class Mood(enum.StrEnum):
        HAPPY = "happy"


def typed(value):
    """``value`` with the type of every part spelled out: equal means the same types too
    (``1 == 1.0 == True`` and ``(1,) != [1]`` would otherwise hide a lost type)."""
    kind = type(value)
    if kind in (list, tuple):
        return (kind, [typed(v) for v in value])
    if kind in (set, frozenset):
        return (kind, sorted((typed(v) for v in value), key=repr))
    if kind is dict:
        return (kind, sorted(((typed(k), typed(v)) for k, v in value.items()), key=repr))
    if kind is float and value != value:
        return (kind, "nan")
    if kind is dt.datetime or kind is dt.time:
        return (kind, value, value.tzinfo, value.fold)
    if kind is decimal.Decimal:
        return (kind, str(value))  # keeps the exponent: 1.10 is not 1.1
    return (kind, value)


hashables = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=5),
    st.uuids(),
    st.dates(),
    st.sampled_from(list(Color) + list(Size) + list(Outer.Mood)),
)
leaves = st.one_of(
    hashables,
    st.floats(),  # NaN and infinities too
    st.datetimes(
        timezones=st.one_of(
            st.none(),
            st.just(dt.UTC),
            st.builds(dt.timezone, st.timedeltas(dt.timedelta(hours=-23), dt.timedelta(hours=23))),
            st.timezones(),
        )
    ),
    st.times(timezones=st.one_of(st.none(), st.just(dt.UTC))),
    st.timedeltas(),
    st.decimals(),  # NaN and infinities too
    st.binary(max_size=8),
    st.frozensets(hashables, max_size=3),
    st.sets(hashables, max_size=3),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
        st.dictionaries(hashables, inner, max_size=3),
        st.dictionaries(st.just(codec.TAG), inner, max_size=1),  # looks like a tag: escaped
    ),
    max_leaves=20,
)


@given(values)
def test_every_supported_value_round_trips_with_its_type(value):
    assert typed(codec.decode(codec.encode(value))) == typed(value)


@given(values)
def test_tracked_containers_encode_like_their_base_types(value):
    tracked = track({"x": value}, ChangeTracker(), None, "x")
    assert codec.encode(tracked) == codec.encode({"x": value})


def test_types_that_orjson_writes_natively_keep_their_type():
    value = {
        "u": uuid.UUID(int=1),
        "t": (1, (2, "3")),
        "e": Color.BLUE,
        "i": Size.M,
        "nested": Outer.Mood.HAPPY,
        "keys": {1: "one", (1, 2): "pair", Size.S: "s"},
        "big": 2**100,
        "nan": float("inf"),
    }
    back = codec.decode(codec.encode(value))
    assert back["u"] == uuid.UUID(int=1) and type(back["u"]) is uuid.UUID
    assert back["t"] == (1, (2, "3"))
    assert back["e"] is Color.BLUE and back["i"] is Size.M and back["nested"] is Outer.Mood.HAPPY
    assert back["keys"] == {1: "one", (1, 2): "pair", Size.S: "s"}
    assert back["big"] == 2**100 and back["nan"] == float("inf")


def test_an_aware_datetime_keeps_its_zone_by_name():
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    when = dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=paris)  # the second 02:30
    back = codec.decode(codec.encode(when))
    assert back.tzinfo is paris and back.fold == 1 and back.utcoffset() == dt.timedelta(hours=1)


def test_model_instances_come_back_as_instances_without_a_query():
    # No database access is allowed in this test: a query would fail it.
    gadget = Gadget(
        id=7,
        name="Lamp",
        price=decimal.Decimal("12.50"),
        made=dt.date(2026, 1, 2),
        seen=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
        extra={"tags": ["a"]},
    )
    gadget._state.adding = False
    back = codec.decode(codec.encode({"g": gadget}))["g"]
    assert type(back) is Gadget and back.pk == 7 and back.ref == gadget.ref
    assert (back.name, back.price, back.made, back.seen) == (
        "Lamp",
        decimal.Decimal("12.50"),
        dt.date(2026, 1, 2),
        dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
    )
    assert back.extra == {"tags": ["a"]} and back._state.adding is False


@pytest.mark.django_db
def test_a_queryset_is_stored_as_its_results_and_restored_as_a_list(django_assert_num_queries):
    Gadget.objects.create(name="a", price=1)
    Gadget.objects.create(name="b", price=2)
    data = codec.encode({"gadgets": Gadget.objects.all()})
    with django_assert_num_queries(0):
        back = codec.decode(data)["gadgets"]
    assert type(back) is list and [g.name for g in back] == ["a", "b"]
    assert all(type(g) is Gadget for g in back)


@pytest.mark.django_db
def test_deferred_fields_stay_deferred_instead_of_running_a_query(django_assert_num_queries):
    Gadget.objects.create(name="a", price=1)
    gadget = Gadget.objects.only("name").get()
    with django_assert_num_queries(0):
        back = codec.decode(codec.encode(gadget))
    assert back.name == "a" and back.get_deferred_fields() >= {"price", "made"}


@dataclasses.dataclass
class Point:
    x: int


@pytest.mark.parametrize(
    "value",
    [
        (i for i in range(3)),
        lambda: 1,
        threading.Lock(),
        threading.Thread(target=print),
        Point(1),  # orjson would write it as a dict that comes back as a dict
        object(),
    ],
    ids=["generator", "lambda", "lock", "thread", "dataclass", "object"],
)
def test_unsupported_values_are_refused_by_type(value):
    with pytest.raises(codec.UnserializableValue, match=type(value).__qualname__):
        codec.encode({"rows": [{"x": value}]})
    assert codec.encode({"x": value}, fallback=lambda o: "str!") == b'{"x":"str!"}'


def test_an_open_file_is_refused(tmp_path):
    with (
        (tmp_path / "f.txt").open("w") as handle,
        pytest.raises(codec.UnserializableValue, match="TextIOWrapper"),
    ):
        codec.encode([handle])


# Rows: lists of dicts with the same keys, written as columns (djwire/_codec_tables.py).
column_kinds = st.sampled_from(
    [
        st.decimals(),
        st.datetimes(timezones=st.one_of(st.none(), st.just(dt.UTC))),
        st.integers(),
        st.floats(),
        st.text(max_size=4),
        st.lists(st.one_of(st.integers(), st.text(max_size=2)), max_size=3),
        values,
    ]
)


@st.composite
def tables(draw):
    keys = draw(st.lists(st.text(max_size=4), min_size=1, max_size=4, unique=True))
    kinds = {key: draw(column_kinds) for key in keys}
    count = draw(st.integers(min_value=8, max_value=20))
    return [{key: draw(kinds[key]) for key in keys} for _ in range(count)]


@given(tables())
def test_rows_round_trip_through_columns(rows):
    state = {"rows": rows, "page": 1}
    assert typed(codec.decode(codec.encode(state))) == typed(state)


def test_rows_are_written_as_columns():
    rows = [{"id": i, "price": decimal.Decimal(f"{i}.50")} for i in range(10)]
    data = codec.encode({"rows": rows})
    assert data.count(b'"price"') == 1  # the keys once, not once per row
    assert codec.decode(data) == {"rows": rows}


def test_nan_and_infinity_inside_a_nested_list_are_not_written_as_null():
    # Regression: the finiteness check consumed its iterator before its exact second look.
    back = codec.decode(codec.encode({"a": [1.0, float("inf")], "b": [[float("-inf")]]}))
    assert back == {"a": [1.0, float("inf")], "b": [[float("-inf")]]}


@pytest.mark.parametrize(
    "offset",
    [dt.timedelta(microseconds=1), dt.timedelta(seconds=-30), dt.timedelta(hours=5, seconds=1)],
)
def test_an_offset_with_seconds_or_microseconds_round_trips(offset):
    # Found by test_rows_round_trip_through_columns: fromisoformat drops an offset's
    # microseconds, so such a datetime came back in UTC.
    value = dt.datetime(2000, 1, 1, 12, tzinfo=dt.timezone(offset))
    back = codec.decode(codec.encode(value))
    assert back == value and back.utcoffset() == offset
    rows = [{"a": None}] * 8 + [{"a": value}]
    assert codec.decode(codec.encode(rows))[-1]["a"].utcoffset() == offset


def test_rows_whose_values_hold_dicts_with_keys_that_are_not_strings_round_trip():
    # Found by test_rows_round_trip_through_columns: such a column was handed to orjson as it
    # was, which refuses a key that is not a str.
    rows = [{"a": 0, "b": None}] * 8 + [{"a": 0, "b": {None: None, 1: "x"}}]
    back = codec.decode(codec.encode({"rows": rows}))
    assert back == {"rows": rows}
