"""Browser parameters converted to handler annotations, with clear reasons."""

import datetime as dt
import decimal
import enum

import pytest

from djwire.transport.callables import BadParams, bind


def handler(
    count: int,
    price: decimal.Decimal,
    when: dt.date,
    at: dt.datetime | None = None,
    ids: list[int] | None = None,
    ratio: float = 1.0,
    ok: bool = False,
    name: str = "",
):
    pass


def test_converts_every_supported_type():
    kwargs = bind(
        handler,
        {
            "count": "3",
            "price": "9.99",
            "when": "2026-11-21",
            "at": "2026-11-21T10:00:00+01:00",
            "ids": ["1", 2],
            "ratio": "0.5",
            "ok": "on",
            "name": 5,
        },
    )
    assert kwargs == {
        "count": 3,
        "price": decimal.Decimal("9.99"),
        "when": dt.date(2026, 11, 21),
        "at": dt.datetime.fromisoformat("2026-11-21T10:00:00+01:00"),
        "ids": [1, 2],
        "ratio": 0.5,
        "ok": True,
        "name": "5",
    }


def test_optional_empty_string_is_none_and_extras_are_dropped_without_kwargs():
    kwargs = bind(handler, {"count": 1, "price": "1", "when": "2026-01-01", "at": "", "extra": 1})
    assert kwargs["at"] is None and "extra" not in kwargs


def test_extras_reach_kwargs_when_the_handler_takes_them():
    def takes_all(value: str = "", **kwargs):
        pass

    assert bind(takes_all, {"value": "v", "name": "n"}) == {"value": "v", "name": "n"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"price": "1", "when": "2026-01-01"}, "missing parameter 'count'"),
        (
            {"count": "x", "price": "1", "when": "2026-01-01"},
            "parameter 'count': expected int, got 'x'",
        ),
        ({"count": True, "price": "1", "when": "2026-01-01"}, "expected int"),
        ({"count": 1, "price": "NaN", "when": "2026-01-01"}, "expected Decimal"),
        ({"count": 1, "price": "1", "when": "soon"}, "parameter 'when': expected date, got 'soon'"),
        ({"count": 1, "price": "1", "when": "2026-01-01", "ok": "maybe"}, "expected bool"),
        ({"count": 1, "price": "1", "when": "2026-01-01", "ids": ["a"]}, "expected int"),
        ({"count": 1.5, "price": "1", "when": "2026-01-01"}, "expected int"),
    ],
)
def test_bad_params_name_the_parameter(params, message):
    with pytest.raises(BadParams, match=message.replace("(", r"\(")):
        bind(handler, params)


class Color(enum.Enum):
    RED = "red"


def even(value):
    number = int(value)
    if number % 2:
        raise ValueError("not even")
    return number


def test_a_callable_annotation_validates_and_converts_what_the_browser_sent():
    def handler(n: even, color: Color = Color.RED):
        pass

    assert bind(handler, {"n": "4", "color": "red"}) == {"n": 4, "color": Color.RED}
    with pytest.raises(BadParams, match=r"parameter 'n': expected even \(not even\), got '3'"):
        bind(handler, {"n": "3"})
    with pytest.raises(BadParams, match="parameter 'color'"):
        bind(handler, {"n": "2", "color": "blue"})


def test_reserved_parameters_are_the_servers_to_pass():
    def signal(window_info, title: str = ""):
        pass

    assert bind(signal, {"title": "x"}, reserved=["window_info"]) == {"title": "x"}
    with pytest.raises(BadParams, match="'window_info' is set by the server"):
        bind(signal, {"window_info": {}}, reserved=["window_info"])


@pytest.mark.parametrize("text", ["٣", "1_000", "\uff11\uff12", "1 000", "0x10", ""])
def test_int_parameters_accept_ascii_digits_only(text):
    """Issue 12: Python's int() takes any Unicode digit and underscores; a browser sends
    ASCII digits."""
    with pytest.raises(BadParams, match="expected int"):
        bind(handler, {"count": text, "price": "1", "when": "2026-01-01"})


@pytest.mark.parametrize(("text", "number"), [("42", 42), (" -7 ", -7), ("+3", 3), (12, 12)])
def test_int_parameters_still_take_what_a_browser_sends(text, number):
    assert bind(handler, {"count": text, "price": "1", "when": "2026-01-01"})["count"] == number


def test_a_refused_value_is_echoed_shortened():
    with pytest.raises(BadParams) as raised:
        bind(handler, {"count": "x" * 10_000, "price": "1", "when": "2026-01-01"})
    assert len(str(raised.value)) < 300 and "10002 characters" in str(raised.value)


def test_a_signature_is_read_once_per_function_not_once_per_call(monkeypatch):
    # Issue 13: a handler push binds its payload once per view it reaches.
    import inspect

    from djwire.transport import callables

    class Owner:
        def on(self, n: int, **kwargs):
            return n

    reads = []
    real = inspect.signature
    monkeypatch.setattr(inspect, "signature", lambda f: reads.append(f) or real(f))
    for owner in (Owner(), Owner(), Owner()):
        assert callables.bind(owner.on, {"n": "3", "x": 1}) == {"n": 3, "x": 1}
    assert len(reads) == 1
    assert callables.bind(Owner.on, {"self": 1, "n": "4"}) == {"self": 1, "n": 4}  # unbound
