"""What the fuzzer sends: hypothesis strategies for frames of every kind, and their encoding.

A drawn frame is a plan, not text: the tokens it carries exist only once the socket has
joined (the page's real tokens, or forgeries of them), so a plan names them with
:class:`Token` and :func:`encode` makes the text. Huge strings and deep nesting are drawn as
sizes (:class:`Huge`, :class:`Deep`) and written out at encoding: drawing 70,000 characters
one by one would spend the time budget on hypothesis instead of on the socket.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from hypothesis import strategies as st

# The joins each fuzzed socket holds before the garbage (see harness.py), and topics it does not.
JOINED = ("lv:1", "sig:1", "sync:1")
TOPICS = ("", "lv:1", "lv:2", "lv:99", "lv:", "sig:1", "sig:2", "sig:", "sync:1", "sync:2", "x")
EVENTS = ("join", "leave", "hb", "event", "call", "nope", "")
# ItemsView's handlers and parameters (tests/testapp/views.py), and names that must be refused.
HANDLERS = ("toggle", "add", "remove", "bump", "typed", "_x", "mount", "__init__", "not_there")
PARAMS = ("id", "text", "at", "when", "amount", "tags", "flag", "note", "self", "kwargs")
SIGNALS = ("test.echo", "test.typed", "test.private", "test.enter", "test.broken", "test.later")
SIGNAL_OPTS = ("text", "count", "room", "n")
ACTIONS = ("add", "fail", "ping_me", "not_an_action", "_private", "show", "rename")
ACTION_KWARGS = ("a", "b", "when", "text", "name")


@dataclass(frozen=True)
class Token:
    """A join token of ``kind`` (``lv``, ``sig``, ``sync``): the page's own, or a forgery."""

    kind: str
    form: str  # one of TOKEN_FORMS
    n: int  # where a mutation cuts or flips, which forged claims


TOKEN_FORMS = ("valid", "flipped", "truncated", "other_session", "other_kind", "forged")


@dataclass(frozen=True)
class Huge:
    """A string of ``size`` times ``char`` (multi-byte characters: bytes, not characters)."""

    size: int
    char: str


@dataclass(frozen=True)
class Deep:
    """A value nested ``depth`` levels: lists, or objects."""

    depth: int
    objects: bool


@dataclass(frozen=True)
class Outgoing:
    """One frame to send: a structure (encoded as JSON) or raw text/bytes, maybe mutated."""

    body: Any
    binary: bool = False
    mutations: tuple[tuple[int, int], ...] = ()  # (position, what) applied to the text


# -- values ----------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
huge = st.builds(
    Huge,
    # Around the 64 KiB limit (the frame adds a few dozen bytes), and far beyond it.
    size=st.sampled_from([65_600, 65_400, 21_800, 70_000, 1_000, 16_000, 32_000, 300_000]),
    char=st.sampled_from(["x", "é", "€", "😀", "\\", '"']),
)
# Hypothesis draws the first choices of a list most: the ones that matter come first (the
# sizes around the byte limit, the depths around Python's recursion limit).
deep = st.builds(
    Deep,
    depth=st.sampled_from([1_000, 990, 33, 32, 31, 300, 1_020, 5_000]),
    objects=st.booleans(),
)
many = st.integers(9_990, 10_010).map(lambda n: [0] * n)  # around max_params_items
hostile = st.one_of(json_values, huge, deep, many)


def _keyed(names: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(names) | st.text(max_size=6), hostile, max_size=5)


tokens = st.builds(
    Token,
    kind=st.sampled_from(["lv", "sig", "sync"]),
    form=st.sampled_from(TOKEN_FORMS),
    n=st.integers(0, 400),
)
join_payloads = st.fixed_dictionaries(
    {},
    optional={
        "pv": st.just(1) | json_values,
        "token": tokens | tokens | json_values,
        "v": st.integers(-1, 50) | st.none() | json_values,
        "f": st.lists(st.text(max_size=10), max_size=3) | json_values,
        "w": st.integers(-1, 2**40) | json_values,
        "auth": json_values,
    },
)
event_payloads = st.fixed_dictionaries(
    {},
    optional={"e": st.sampled_from(HANDLERS) | hostile, "p": _keyed(PARAMS) | hostile},
)
call_payloads = st.fixed_dictionaries(
    {},
    optional={
        "signal": st.sampled_from(SIGNALS) | hostile,
        "opts": _keyed(SIGNAL_OPTS) | hostile,
        # A valid delay would leave a timer running after the socket, by design: only refusals.
        "countdown": st.sampled_from([None, 0, -1, 3601, 1e308, "5", True, []]),
        "action": st.sampled_from(ACTIONS) | hostile,
        "args": st.lists(hostile, max_size=3) | hostile,
        "kwargs": _keyed(ACTION_KWARGS) | hostile,
    },
)
payloads = st.one_of(join_payloads, event_payloads, call_payloads, hostile)
refs = st.one_of(
    st.integers(0, 2**31), st.none(), st.booleans(), st.floats(), st.text(max_size=3), json_values
)
words = st.text(max_size=12) | hostile


def _leaves_joined(frame: list[Any]) -> bool:
    # Leaving one of the socket's own joins is legitimate, not garbage: the checks after the
    # garbage need those joins, so such a frame is sent on an unjoined topic instead.
    return len(frame) == 4 and frame[2] == "leave" and frame[1] in JOINED


frame_lists = st.tuples(
    refs, st.sampled_from(TOPICS) | words, st.sampled_from(EVENTS) | words, payloads
).map(lambda f: [f[0], "lv:2" if _leaves_joined(list(f)) else f[1], f[2], f[3]])


# Frames a page could send, to the join that reads them, with values wrong in places: what
# reaches the handlers, signals and actions. ``values`` fill the parameters.
def aimed(values: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    """Events, calls and actions to the socket's joins, their parameters drawn from ``values``."""
    return st.one_of(
        st.tuples(
            st.integers(1, 2**31),
            st.just("lv:1"),
            st.just("event"),
            st.fixed_dictionaries(
                {
                    "e": st.sampled_from(HANDLERS),
                    "p": st.dictionaries(st.sampled_from(PARAMS), values, min_size=1, max_size=4)
                    | values,
                }
            ),
        ),
        st.tuples(
            st.integers(1, 2**31),
            st.just("sig:1"),
            st.just("call"),
            st.fixed_dictionaries(
                {
                    "signal": st.sampled_from(SIGNALS),
                    "opts": st.dictionaries(
                        st.sampled_from(SIGNAL_OPTS), values, min_size=1, max_size=3
                    ),
                },
                optional={"countdown": st.sampled_from([None, 0, -1, 3601, "5", True])},
            ),
        ),
        st.tuples(
            st.integers(1, 2**31),
            st.just("sync:1"),
            st.just("call"),
            st.fixed_dictionaries(
                {"action": st.sampled_from(ACTIONS)},
                optional={
                    "args": st.lists(values, max_size=3),
                    "kwargs": st.dictionaries(st.sampled_from(ACTION_KWARGS), values, max_size=3),
                },
            ),
        ),
    ).map(list)


joins = st.tuples(
    st.integers(1, 2**31) | st.none(),
    st.sampled_from(["lv:2", "lv:3", "sig:2", "sync:2", "lv:1", "x:1"]),
    st.just("join"),
    st.fixed_dictionaries({"pv": st.just(1), "token": tokens}, optional={"v": st.integers(-1, 9)}),
).map(list)
heartbeats = st.tuples(st.integers(1, 2**31), st.just(""), st.just("hb"), st.just({})).map(list)
plausible = st.one_of(aimed(json_values | scalars), aimed(hostile), joins, heartbeats)
mutations = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 3)), min_size=1, max_size=3)
outgoing = st.one_of(
    st.builds(Outgoing, plausible),  # what a page could send, wrong in places
    st.builds(Outgoing, plausible),
    st.builds(Outgoing, plausible, mutations=mutations.map(tuple)),
    st.builds(Outgoing, frame_lists),  # well-shaped, wrong anywhere
    st.builds(Outgoing, frame_lists, binary=st.just(True)),  # the same as a binary frame
    st.builds(Outgoing, frame_lists, mutations=mutations.map(tuple)),  # mutated text
    st.builds(Outgoing, st.lists(payloads, max_size=5) | hostile),  # not a frame
    st.builds(Outgoing, st.text(max_size=40)),  # not JSON
    st.builds(Outgoing, st.binary(max_size=64), binary=st.just(True)),  # not text
)


# -- encoding --------------------------------------------------------------------------------

Resolver = Callable[[Token], str]
_INSERTS = '[]{}",:0a\\\x00é'


def encode(frame: Outgoing, token_of: Resolver) -> str | bytes:
    """The text (or bytes, for a binary frame) ``frame`` plans, tokens resolved."""
    if isinstance(frame.body, bytes):
        return frame.body
    text = frame.body if isinstance(frame.body, str) else _json(frame.body, token_of)
    for position, what in frame.mutations:
        text = _mutate(text, position, what)
    return text.encode("utf-8", "surrogatepass") if frame.binary else text


def _json(body: Any, token_of: Resolver) -> str:
    # Deep values are written as text: orjson refuses to encode more than 254 levels, and
    # what is fuzzed is the server's reading of them.
    placeholders: dict[str, str] = {}
    counter = itertools.count()

    def resolve(value: Any) -> Any:
        if isinstance(value, Token):
            return token_of(value)
        if isinstance(value, Huge):
            return value.char * value.size
        if isinstance(value, Deep):
            mark = f"\x00deep{next(counter)}\x00"
            opened, closed = ('{"a":', "}") if value.objects else ("[", "]")
            placeholders[orjson.dumps(mark).decode()] = (
                opened * value.depth + "1" + closed * value.depth
            )
            return mark
        if isinstance(value, list | tuple):
            return [resolve(item) for item in value]
        if isinstance(value, dict):
            return {str(key): resolve(item) for key, item in value.items()}
        return value

    text = orjson.dumps(resolve(body)).decode()
    for mark, written in placeholders.items():
        text = text.replace(mark, written)
    return text


def _mutate(text: str, position: int, what: int) -> str:
    if not text:
        return _INSERTS[what]
    at = position % len(text)
    if what == 0:  # a character lost
        return text[:at] + text[at + 1 :]
    if what == 1:  # one inserted
        return text[:at] + _INSERTS[position % len(_INSERTS)] + text[at:]
    if what == 2:  # one replaced
        return text[:at] + _INSERTS[position % len(_INSERTS)] + text[at + 1 :]
    return text[:at]  # cut short


# Frames at and beyond the limits (bytes, depth, values): aimed at the parameters each join
# kind converts, and huge strings in any position.
_limits = deep | huge | many
_aimed_at_limits = st.builds(Outgoing, aimed(_limits), binary=st.booleans())
limit_frames = st.one_of(
    _aimed_at_limits,
    _aimed_at_limits,
    _aimed_at_limits,
    st.builds(
        Outgoing,
        st.tuples(
            st.integers(0, 2**31),
            st.sampled_from(TOPICS) | huge,
            st.sampled_from(EVENTS) | huge,
            st.fixed_dictionaries({}, optional={"token": huge | deep, "e": huge, "signal": huge}),
        ).map(list),
        binary=st.booleans(),
    ),
)
