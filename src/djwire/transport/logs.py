"""Log lines a browser can cause, bounded: echoed input is shortened, and each socket may
write ``DJWIRE["log_lines_per_minute"]`` lines a minute, then one line says how many it held
back. A flood of bad frames then costs the log a few lines, not megabytes."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from djwire import conf

# Characters of browser input a log line or an error reason repeats.
ECHO_CHARS = 200


def shorten(text: str, limit: int = ECHO_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was when it is cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def echo(value: Any, limit: int = ECHO_CHARS) -> str:
    """The ``repr`` of browser input, shortened for a log line or an error reason."""
    return shorten(repr(value), limit)


class SocketLog:
    """One socket's log lines: at most ``DJWIRE["log_lines_per_minute"]`` a minute."""

    __slots__ = ("_clock", "_suppressed", "_window", "_written", "limit", "logger")  # per socket

    def __init__(self, logger: logging.Logger, clock: Callable[[], float] = time.monotonic) -> None:
        self.logger = logger
        self.limit: int = conf.get("log_lines_per_minute")
        self._clock = clock
        self._window = clock()
        self._written = 0
        self._suppressed = 0

    def log(self, level: int, message: str, *args: Any, exc_info: bool = False) -> None:
        """Log a line unless this socket wrote its share this minute (then count it)."""
        now = self._clock()
        if now - self._window >= 60:
            self._flush()
            self._window, self._written = now, 0
        if self._written >= self.limit:
            self._suppressed += 1
            return
        self._written += 1
        self.logger.log(level, message, *args, exc_info=exc_info)

    def close(self) -> None:
        """The socket is gone: say what was held back, if anything."""
        self._flush()

    def _flush(self) -> None:
        if self._suppressed:
            self.logger.warning(
                "suppressed %d log lines of this socket (DJWIRE['log_lines_per_minute'] is %d)",
                self._suppressed,
                self.limit,
            )
            self._suppressed = 0
