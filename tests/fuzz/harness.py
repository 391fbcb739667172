"""One fuzzed socket: joined as a page would be, fed garbage, checked, closed, checked again.

The socket is djwire's real consumer behind a Channels communicator (djwire.testing's
:class:`AsyncSocketTestClient` opens it with a session, as the browser's socket has). It
holds a LiveView (``lv:1``), a signals window (``sig:1``) and a model-state channel
(``sync:1``) before the garbage, so that every join kind is fuzzed on the socket that holds
it. The properties (docs/reliability.md, "A frame never kills a socket"):

- every frame is answered by one ``ok`` or one ``error`` whose code docs/protocol.md lists,
  with the frame's ref when it had a readable one, and never ``server_error`` (which is a
  djwire bug by definition); nothing closes the socket;
- after the garbage, a heartbeat, an event, a signal call and an action still work;
- after the close no task, hub subscription, counted socket or join, or watched anchor is
  left, and no module a forged token named was imported.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.test import RequestFactory

from djwire import conf
from djwire.pubsub import get_hub
from djwire.signals import protocol as signals_protocol
from djwire.signals.parking import _parked
from djwire.sync import protocol as sync_protocol
from djwire.sync import watching
from djwire.sync.history import _histories
from djwire.testing import AsyncLiveViewTestClient, AsyncSocketTestClient
from djwire.transport import consumer
from djwire.transport import protocol as transport_protocol
from djwire.transport.binding import session_binding
from djwire.transport.tokens import sign_token
from tests.fuzz.frames import JOINED, Outgoing, Token, encode
from tests.helpers import window_token_for
from tests.sync.app.channels import ClosedChannel, ProjectChannel
from tests.testapp.views import ItemsView

ANSWERS = (transport_protocol.EVENT_OK, transport_protocol.EVENT_ERROR)
# What the server sends on its own, besides answers (docs/protocol.md, Server -> client).
PUSHED = {
    "diff",
    "push",
    "resync",
    "signal",
    "token",
    "instances",
    "anchors",
    "runtime",
    "notification",
}
DOCUMENTED_CODES = frozenset(
    value
    for module in (transport_protocol, signals_protocol, sync_protocol)
    for name, value in vars(module).items()
    if name.startswith("ERROR_")
)
# Modules that forged tokens name: importing one is the bug (a leaked key chose an import).
NEVER_IMPORTED = ("this", "tests.fuzz.never_imported")
_SALTS = {"lv": "djwire.join", "sig": "djwire.window", "sync": "djwire.sync"}
_WAIT = 10.0  # seconds an answer may take on a loaded 2-core machine before it is "none"


@dataclass
class Tally:
    """What every fuzzed socket of this process did, for bench/fuzz.py to report: frames
    sent, their answers by code, and the process's RSS every 100 sockets."""

    sockets: int = 0
    frames: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    rss: list[tuple[int, int]] = field(default_factory=list)  # (sockets, bytes)

    def opened(self) -> None:
        if self.sockets % 100 == 0:
            self.rss.append((self.sockets, resident_bytes()))
        self.sockets += 1

    def count(self, frame: list[Any]) -> None:
        self.frames += 1
        code = frame[3].get("code", "?") if frame[2] == "error" else "ok"
        self.codes[code] = self.codes.get(code, 0) + 1


TALLY = Tally()


def resident_bytes() -> int:
    """This process's resident set size (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# Python's own limit, as a server runs with it. Hypothesis raises the limit while a test runs
# (it wants room for its own frames), which would hide the RecursionError of a frame nested
# ~1,000 deep (issue 12): the socket runs under this one.
SERVER_RECURSION_LIMIT = sys.getrecursionlimit()


@contextlib.contextmanager
def as_a_server_runs() -> Iterator[None]:
    """Run with the recursion limit a server process has (see SERVER_RECURSION_LIMIT)."""
    raised = sys.getrecursionlimit()
    sys.setrecursionlimit(SERVER_RECURSION_LIMIT)
    try:
        yield
    finally:
        sys.setrecursionlimit(raised)


class Closed(AssertionError):
    """The socket was closed (or its consumer died) where nothing should have closed it."""


class FuzzedSocket:
    """A page's socket holding one join of every kind; ``project_id`` is the channel's anchor."""

    def __init__(self, project_id: int) -> None:
        self.project_id = project_id
        self.client = AsyncSocketTestClient()
        self.tokens: dict[str, str] = {}
        self.ref = 10**9  # the harness's own refs, clear of the fuzzed ones
        self.pushes: list[list[Any]] = []  # frames the server sent on its own
        # Joins a (mutated) frame left: legitimate, and joined again before the checks.
        self.left: set[str] = set()

    async def open(self) -> None:
        self._before = _held()
        TALLY.opened()
        view = AsyncLiveViewTestClient(ItemsView, socket=self.client)
        await view.mount(start=0)
        session = self.client.session
        self.tokens["lv"] = view.token
        self.tokens["sig"] = await database_sync_to_async(window_token_for)(session, "room-9")
        await self.client.join("sig:1", {"token": self.tokens["sig"]})
        self.tokens["sync"] = await sync_to_async(self._channel_token)(session.session_key)
        await self.client.join("sync:1", {"token": self.tokens["sync"]})
        self.communicator: Any = self.client._communicator

    def _channel_token(self, session_key: str) -> str:
        request = RequestFactory().get("/")
        request.session = self.client.session
        return ProjectChannel.token_for(request, project_id=self.project_id)

    # -- the garbage -----------------------------------------------------------------------

    async def send(self, frame: Outgoing) -> list[Any]:
        """Send one fuzzed frame; its answer, once checked."""
        data = encode(frame, self.token_of)
        # As a browser sends it (the communicator's send_to refuses an empty text).
        key = "bytes" if isinstance(data, bytes) else "text"
        await self.communicator.send_input({"type": "websocket.receive", key: data})
        answer = await self.answer(data)
        TALLY.count(answer)
        size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
        if size > conf.get("max_message_bytes"):
            # Counted in bytes, refused unread: no ref could be known.
            assert answer[:3] == [None, "", "error"], (_cut(data), answer)
            assert answer[3]["code"] == "too_large", answer
        elif (ref := _readable_ref(data)) is not None:
            assert answer[0] == ref, (_cut(data), answer)
            if answer[2] == "ok" and _left(data) in JOINED:
                self.left.add(_left(data))
        if answer[2] == "error":
            payload = answer[3]
            assert payload["code"] in DOCUMENTED_CODES, answer
            # Documented, and always a bug of djwire's: a frame made it fail inside.
            assert payload["code"] != "server_error", (_cut(data), answer)
            assert isinstance(payload["reason"], str) and payload["reason"], answer
        return answer

    async def answer(self, sent: Any) -> list[Any]:
        """The next ok/error frame; frames the server pushes meanwhile must be documented."""
        deadline = time.monotonic() + _WAIT
        while True:
            frame = await self.receive(deadline - time.monotonic(), sent)
            if frame[2] in ANSWERS and not _pushed_error(frame):
                return frame
            assert frame[2] in PUSHED or _pushed_error(frame), frame
            self.pushes.append(frame)

    async def receive(self, timeout: float, sent: Any = "") -> list[Any]:
        try:
            message = await self.communicator.receive_output(max(timeout, 0.01))
        except TimeoutError:
            raise AssertionError(f"no answer within {_WAIT:g} s to {_cut(sent)}") from None
        if message["type"] == "websocket.close":
            raise Closed(f"the socket was closed ({message.get('code')}) after {_cut(sent)}")
        frame: list[Any] = orjson.loads(message["text"])
        return frame

    def token_of(self, token: Token) -> str:
        """The page's token of ``token.kind``, or the forgery ``token.form`` names."""
        real = self.tokens[token.kind]
        cut = token.n % len(real)
        if token.form == "flipped":
            return real[:cut] + ("A" if real[cut] != "A" else "B") + real[cut + 1 :]
        if token.form == "truncated":
            return real[:cut]
        if token.form == "other_session":
            return sign_token(
                self._claims(token), salt=_SALTS[token.kind], binding=session_binding("other")
            )
        if token.form == "other_kind":
            kinds = [kind for kind in self.tokens if kind != token.kind]
            return self.tokens[kinds[token.n % len(kinds)]]
        if token.form == "forged":
            session_key = self.client.session.session_key
            return sign_token(
                self._claims(token), salt=_SALTS[token.kind], binding=session_binding(session_key)
            )
        return real

    def _claims(self, token: Token) -> dict[str, Any]:
        # Correctly signed (as with a leaked SECRET_KEY), naming what no page was served.
        view = f"{ItemsView.__module__}.{ItemsView.__qualname__}"
        page = {"q": "", "i": "forged", "u": "/"}
        forged: dict[str, list[dict[str, Any]]] = {
            "lv": [
                {"p": "this", "k": {}, **page},
                {"p": "tests.fuzz.never_imported.View", "k": {}, **page},
                {"p": "tests.testapp.views.TickView", "k": {}, **page},
                {"p": view, "k": {"start": "abc"}, **page},
                {"p": view, "k": "not kwargs", **page},
                {"p": 5, "k": {}, **page},
                {},
            ],
            "sig": [{"w": 5, "t": "x"}, {"w": "k", "t": [1, None, {}]}, {}, {"w": "k", "t": []}],
            "sync": [
                {"c": "this", "k": {}},
                {"c": ProjectChannel.name, "k": {"project_id": "abc"}},
                {"c": ProjectChannel.name, "k": {"project_id": 10**9}},
                {"c": ProjectChannel.name, "k": "not kwargs"},
                {"c": ClosedChannel.name, "k": {"project_id": self.project_id}},
                {},
            ],
        }
        choices = forged[token.kind]
        return choices[token.n % len(choices)]

    # -- after the garbage -----------------------------------------------------------------

    async def still_works(self) -> None:
        """A heartbeat, an event, a signal call and an action, each as a page sends it."""
        for topic in sorted(self.left):
            kind = topic.split(":")[0]
            reply = await self.request(topic, "join", {"pv": 1, "token": self.tokens[kind]})
            assert reply[2] == "ok", reply
        assert (await self.request("", "hb", {}))[2:] == ["ok", {}]
        reply = await self.request("lv:1", "event", {"e": "bump", "p": {}})
        assert reply[2] == "ok" and "v" in reply[3], reply
        call = {"signal": "test.echo", "opts": {"text": "after"}}
        assert (await self.request("sig:1", "call", call))[2:] == ["ok", {}]
        await self.pushed(lambda f: f[2] == "signal" and f[3]["opts"] == {"text": "after"})
        action = {"action": "add", "args": [], "kwargs": {"a": 1, "b": "2"}}
        reply = await self.request("sync:1", "call", action)
        assert reply[2] == "ok" and "result" in reply[3], reply

    async def request(self, topic: str, event: str, payload: dict[str, Any]) -> list[Any]:
        self.ref += 1
        frame = [self.ref, topic, event, payload]
        await self.communicator.send_to(text_data=orjson.dumps(frame).decode())
        answer = await self.answer(frame)
        assert answer[0] == self.ref, answer
        return answer

    async def pushed(self, wanted: Any) -> list[Any]:
        """The pushed frame ``wanted`` picks: it may have come before the answer it follows
        (a signal's worker can run before the call's ``ok`` is sent)."""
        deadline = time.monotonic() + _WAIT
        while True:
            for frame in self.pushes:
                if wanted(frame):
                    return frame
            self.pushes.append(await self.receive(deadline - time.monotonic(), "a push"))

    async def close_and_check(self) -> None:
        """Close the socket as a tab does; then nothing of it may be left in the process."""
        await self.client.close()
        await _until_nothing_runs()
        left = _subscribed() - _kept_subscriptions()
        assert not left, f"hub subscriptions outlived their socket: {left}"
        assert _held() == self._before, "a socket or join is still counted"
        listened = [h.key for h in _histories.get().values() if h.listeners]
        assert not listened, f"anchors {listened} are still listened to"
        watched = watching.watched(ProjectChannel.name) or frozenset()
        assert self.project_id not in watched, "the channel's anchor is still watched"
        imported = [name for name in NEVER_IMPORTED if name in sys.modules]
        assert not imported, f"a forged token made the server import {imported}"


def _readable_ref(data: str | bytes) -> int | None:
    """The ref the answer must carry: a frame's int ref when the frame parses as an array."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    if isinstance(value, list) and len(value) == 4 and isinstance(value[1], str):
        ref = value[0]
        if isinstance(ref, int) and not isinstance(ref, bool):
            return ref
    return None


def _left(data: str | bytes) -> str | None:
    """The topic a frame leaves, if it is a leave as the server reads it."""
    frame = orjson.loads(data)
    return frame[1] if frame[2] == "leave" and isinstance(frame[3], dict) else None


def _pushed_error(frame: list[Any]) -> bool:
    # A window told it missed signals (ref null): the server's own, not an answer.
    return frame[2] == "error" and frame[0] is None and frame[3].get("code") == "missed"


def _cut(sent: Any) -> str:
    text = sent if isinstance(sent, str | bytes) else orjson.dumps(sent).decode()
    return repr(text[:300]) + (f" ({len(text)} long)" if len(text) > 300 else "")


async def _until_nothing_runs(timeout: float = 5.0) -> None:
    """Wait for every task but this one to end; AssertionError naming those that do not."""
    deadline = time.monotonic() + timeout
    while True:
        current = asyncio.current_task()
        running = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
        if not running:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"tasks outlived the socket: {running}")
        await asyncio.sleep(0.01)


def _subscribed() -> set[tuple[str, int]]:
    return {(group, key) for group, members in get_hub().local.items() for key in members}


def _kept_subscriptions() -> set[tuple[str, int]]:
    # Kept for a while by design: a window that left is parked (docs/signals.md), and an
    # anchor's history outlives its last connection by DJWIRE["sync_history_grace"] seconds,
    # so that a page back from a dropped network gets what it missed.
    parked = {(group, id(p)) for p in _parked.get().values() for group in p.groups}
    histories = {
        (history.group, id(history))
        for history in _histories.get().values()
        if not history.listeners and history.expiry is not None
    }
    return parked | histories


def _held() -> tuple[dict[Any, int], dict[Any, int]]:
    return dict(consumer.SOCKETS._counts), dict(consumer.JOINS._counts)
