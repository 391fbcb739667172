"""Per-socket and per-process limits: rates, the shape of a payload, counts of what is held.

Every limit has a setting (docs/reliability.md lists them); hitting one is a refusal with a
reason naming that setting, never a dead socket.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Hashable
from typing import Any

from djwire import conf
from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_BAD_PARAMS


class TokenBucket:
    """Allows ``rate`` events per second on average and ``burst`` at once."""

    __slots__ = ("_clock", "_last", "_tokens", "burst", "rate")  # two per socket

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock  # seconds; injectable so tests need not wait
        self._tokens = float(burst)
        self._last = clock()

    def take(self) -> bool:
        """Take one token; False when the bucket is empty (the event must be refused)."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False


def check_shape(payload: dict[str, Any]) -> None:
    """Refuse (bad_params) a payload nested deeper than ``DJWIRE["max_params_depth"]`` or
    holding more than ``DJWIRE["max_params_items"]`` values, before anything converts it.

    Conversion, ``repr`` and re-encoding all recurse: a 2 KB list nested 1,000 deep would
    raise RecursionError in them. The walk here is iterative, so no input can make it recurse.
    """
    max_depth: int = conf.get("max_params_depth")
    max_items: int = conf.get("max_params_items")
    stack: list[tuple[Any, int]] = [(payload, 1)]
    items = 0
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        items += len(children)
        if items > max_items:
            reason = (
                f"the payload holds more than {max_items} values "
                "(DJWIRE['max_params_items']); send less per request"
            )
            raise ProtocolError(ERROR_BAD_PARAMS, reason)
        for child in children:
            if isinstance(child, dict | list):
                if depth >= max_depth:
                    reason = (
                        f"the payload is nested deeper than {max_depth} levels "
                        "(DJWIRE['max_params_depth'])"
                    )
                    raise ProtocolError(ERROR_BAD_PARAMS, reason)
                stack.append((child, depth + 1))


class Holders:
    """How many of something each key holds in this process (sockets per session, joins
    per token): :meth:`hold` refuses past ``limit``, :meth:`release` gives one back."""

    def __init__(self) -> None:
        self._counts: Counter[Hashable] = Counter()

    def hold(self, key: Hashable, limit: int | None) -> bool:
        """Count one more for ``key``; False (and nothing counted) when it holds ``limit``."""
        if limit is not None and self._counts[key] >= limit:
            return False
        self._counts[key] += 1
        return True

    def release(self, key: Hashable) -> None:
        """Give back one that :meth:`hold` counted."""
        self._counts[key] -= 1
        if self._counts[key] <= 0:
            del self._counts[key]

    def count(self, key: Hashable) -> int:
        """How many ``key`` holds now."""
        return self._counts[key]
