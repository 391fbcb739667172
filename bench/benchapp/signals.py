"""The server function of bench/signals_fanout.py's round trip, found at startup as every
installed app's ``signals`` module is."""

from __future__ import annotations

from djwire.signals.decorators import everyone, signal
from djwire.signals.tasks import WINDOW, trigger
from djwire.signals.window_info import WindowInfo


@signal(path="bench.echo", is_allowed_to=everyone)
def echo(window_info: WindowInfo, n: int) -> None:
    """Answer the window that called, with the same ``n``."""
    trigger(window_info, "bench.echoed", to=WINDOW, n=n)
