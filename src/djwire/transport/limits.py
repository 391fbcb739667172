"""Per-socket limits: a token bucket for the event rate."""

from __future__ import annotations

import time


class TokenBucket:
    """Allows ``rate`` events per second on average and ``burst`` at once."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._tokens = float(burst)
        self._last = time.monotonic()

    def take(self) -> bool:
        """Take one token; False when the bucket is empty (the event must be refused)."""
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False
