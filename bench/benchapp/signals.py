"""The server function of bench/signals_fanout.py's round trip, found at startup as every
installed app's ``signals`` module is."""

from __future__ import annotations

import time

from djwire.signals.decorators import everyone, signal
from djwire.signals.tasks import WINDOW, trigger
from djwire.signals.window_info import WindowInfo


@signal(path="bench.echo", is_allowed_to=everyone)
def echo(window_info: WindowInfo, n: int) -> None:
    """Answer the window that called, with the same ``n``."""
    trigger(window_info, "bench.echoed", to=WINDOW, n=n)


def _slow_check(connection: object, window_info: WindowInfo, kwargs: dict[str, object]) -> bool:
    # A permission check that takes 0.5 s (a slow query): bench/slow_handlers.py's signals row.
    time.sleep(0.5)
    return True


@signal(path="bench.slow", is_allowed_to=_slow_check)
def slow(window_info: WindowInfo) -> None:
    """Called after its slow check; does nothing more."""
