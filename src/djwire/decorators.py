"""``@event_handler``: the mark that makes a LiveView method callable from a browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

F = TypeVar("F", bound=Callable[..., Any])

HANDLER_MARK = "_djwire_event_handler"


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
        if target.__name__.startswith("_"):
            raise TypeError(
                f"@event_handler on {target.__qualname__}: a private method (leading '_') "
                "cannot be an event handler; rename it without the underscore."
            )
        setattr(target, HANDLER_MARK, True)
        return target

    return mark(func) if func is not None else mark


def is_event_handler(func: object) -> bool:
    return bool(getattr(func, HANDLER_MARK, False))


__all__ = ["event_handler"]
