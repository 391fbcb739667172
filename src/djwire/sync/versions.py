"""Versions of instance layers: increasing, and comparable between processes.

A committed change gets one version for all the layers it sends; the browser applies a layer
only when its version is newer than the one it holds, so a late or replayed frame never
overwrites newer data. The version is a clock in microseconds that never repeats nor goes back
within a process (two changes in the same microsecond get consecutive numbers), so versions
of different processes order as their commits did, to the precision of their clocks.
"""

from __future__ import annotations

import threading
import time

_lock = threading.Lock()
_last = 0


def next_version() -> int:
    """A version greater than every one this process gave before."""
    global _last
    with _lock:
        _last = max(_last + 1, time.time_ns() // 1000)
        return _last


def current_version() -> int:
    """A version at least every one given so far and less than any :func:`next_version` to
    come: what a snapshot read now carries, so a change committed while it is read is newer."""
    with _lock:
        return max(_last, time.time_ns() // 1000 - 1)
