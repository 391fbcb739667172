"""``@event_handler``: the mark that makes a LiveView method callable from a browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

from djwire.transport.callables import is_callable_as, mark_callable

F = TypeVar("F", bound=Callable[..., Any])

EVENT_HANDLER = "event_handler"


@overload
def event_handler(func: F, /) -> F: ...
@overload
def event_handler() -> Callable[[F], F]: ...


def event_handler(func: F | None = None, /) -> F | Callable[[F], F]:
    """Mark a LiveView method as callable from the browser (``dj-click="name"`` and friends).

    Works bare (``@event_handler``) or called (``@event_handler()``). Parameters sent by the
    browser are converted to the method's annotations; only marked, public methods can ever be
    called from a browser.
    """

    def mark(target: F) -> F:
        return mark_callable(target, EVENT_HANDLER)

    return mark(func) if func is not None else mark


def is_event_handler(func: object) -> bool:
    """True for a method marked ``@event_handler``."""
    return is_callable_as(func, EVENT_HANDLER)


__all__ = ["event_handler"]
