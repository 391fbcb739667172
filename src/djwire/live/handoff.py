"""Views rendered over HTTP, held for the join that follows in the same process.

The first HTTP render mounts the view and renders its whole page; the socket's join a moment
later needs exactly that view and that render. Holding it here for a short while lets the join
take it as it is — no second ``mount()``, no state restored over it, no render — so opening a
big view costs one mount and one render. A join that comes too late, or to another process,
mounts the view afresh (or resumes it from the shared store, see ``save_on_render``).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from djwire import conf
from djwire.live.mounted import MountedView


class Handoffs:
    """At most ``capacity`` rendered views, each for ``ttl`` seconds, taken once."""

    def __init__(
        self, capacity: int, ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = capacity
        self.ttl = ttl
        self.clock = clock
        # HTTP renders and joins run on different threads.
        self._lock = threading.Lock()
        self._held: OrderedDict[str, tuple[float, MountedView]] = OrderedDict()

    def put(self, mounted: MountedView) -> None:
        if self.capacity <= 0 or self.ttl <= 0:
            return
        now = self.clock()
        with self._lock:
            self._held[mounted.grant.instance_id] = (now + self.ttl, mounted)
            # Oldest first: drop what expired, then what is over capacity.
            while self._held:
                key, (expires, _) = next(iter(self._held.items()))
                if expires > now and len(self._held) <= self.capacity:
                    break
                del self._held[key]

    def take(self, instance_id: str) -> MountedView | None:
        with self._lock:
            held = self._held.pop(instance_id, None)
        if held is None or held[0] <= self.clock():
            return None
        return held[1]

    def __len__(self) -> int:
        return len(self._held)


_handoffs: Handoffs | None = None
_made_for: tuple[int, float] | None = None


def get_handoffs() -> Handoffs:
    """This process's handoffs, sized by ``DJWIRE["handoff_max"]`` and ``["handoff_ttl"]``."""
    global _handoffs, _made_for
    wanted = (int(conf.get("handoff_max")), float(conf.get("handoff_ttl")))
    if _handoffs is None or wanted != _made_for:
        _handoffs, _made_for = Handoffs(*wanted), wanted
    return _handoffs


def save_on_render() -> bool:
    """Whether the HTTP render saves the state it rendered (``DJWIRE["save_on_render"]``):
    by default only when the store is shared between processes (``state_store = "cache"``),
    where the join may reach another process; else nothing is stored until a socket joins."""
    setting = conf.get("save_on_render")
    if setting == "auto":
        return bool(conf.get("state_store") == "cache")
    return bool(setting)
