"""Signals of the test app, found at startup as df_websockets finds them (<app>/signals.py)."""

import threading
from typing import Any

from djwire.signals.decorators import everyone, is_authenticated, signal
from djwire.signals.tasks import WINDOW, set_websocket_topics, trigger

# What the server-side functions saw, for the tests to read (they run in worker threads).
calls: list[tuple[str, Any]] = []


@signal(path="test.echo", is_allowed_to=everyone)
def echo(window_info, text: str = "") -> None:
    calls.append(("test.echo", text))
    trigger(window_info, "test.echoed", to=WINDOW, text=text)


@signal(path="test.private")
def private(window_info) -> None:
    calls.append(("test.private", None))


@signal(path="test.members", is_allowed_to=is_authenticated)
def members(window_info) -> None:
    calls.append(("test.members", window_info.username))


@signal(path="test.typed", is_allowed_to=everyone)
def typed(window_info, count: int) -> None:
    calls.append(("test.typed", count))


@signal(path="test.enter", is_allowed_to=everyone)
def enter(window_info, room: str) -> None:
    set_websocket_topics(window_info, room)
    calls.append(("test.enter", room))


@signal(path="test.broken", is_allowed_to=everyone)
def broken(window_info) -> None:
    raise RuntimeError("a signal that fails")


@signal(path="test.later", is_allowed_to=everyone, allow_client_delay=True)
def later(window_info, n: int) -> None:
    calls.append(("test.later", n))


# -- two windows side by side (tests/signals/test_join.py) --------------------------------------

gate = threading.Event()
gate_entered = threading.Event()
gate_seen: list[str] = []


def _waits_for_the_gate(connection, window_info, kwargs) -> bool:
    # A permission check that takes long (a slow query): opened by another window's call,
    # so it passes only when the two run at once.
    gate_entered.set()
    gate_seen.append("opened" if gate.wait(timeout=5) else "timed out")
    return True


def _opens_the_gate(connection, window_info, kwargs) -> bool:
    gate.set()
    return True


@signal(path="test.wait_for_gate", is_allowed_to=_waits_for_the_gate)
def wait_for_gate(window_info) -> None:
    calls.append(("test.wait_for_gate", None))


@signal(path="test.open_gate", is_allowed_to=_opens_the_gate)
def open_gate(window_info) -> None:
    calls.append(("test.open_gate", None))
