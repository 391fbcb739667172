"""``@consumer("event.type")``: a channel method that receives channel-layer events.

RxDjango's decorator. A connection that called ``await self.group_add(group)`` receives what
``channel_layer.group_send(group, {"type": "event.type", ...})`` sends, and the method marked
for that type runs with the event. Unlike RxDjango, consumers are inherited by subclasses.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from djwire.sync.exceptions import ActionNotAsync

F = TypeVar("F", bound=Callable[..., Any])

_MARK = "_djwire_consumer"


def consumer(event_type: str) -> Callable[[F], F]:
    """Run the decorated ``async def`` method for each event of ``event_type``::

    class ProjectChannel(ContextChannel):
        async def on_connect(self, tstamp):
            await self.group_add(f"project-{self.kwargs['project_id']}")

        @consumer("project.message")
        async def message(self, event):
            await self.set_runtime_var("last_message", event["text"])
    """
    if not isinstance(event_type, str) or not event_type:
        raise TypeError("@consumer needs the event type it receives: @consumer('chat.message')")

    def decorate(func: F) -> F:
        if not inspect.iscoroutinefunction(func):
            raise ActionNotAsync(
                f"@consumer({event_type!r}) {func.__qualname__} must be `async def`"
            )
        setattr(func, _MARK, event_type)
        return func

    return decorate


def consumers_of(cls: type) -> dict[str, str]:
    """Event type -> method name, for ``cls`` and its bases (a subclass's method wins)."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            event_type = getattr(value, _MARK, None)
            if isinstance(event_type, str):
                found[event_type] = name
    return found
