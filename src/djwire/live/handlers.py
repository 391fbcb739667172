"""Which methods a browser may call: public methods marked ``@event_handler``, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from djwire.decorators import is_event_handler
from djwire.live import serialization
from djwire.live.view import LiveView
from djwire.transport import ProtocolError
from djwire.transport.protocol import ERROR_UNKNOWN_HANDLER


def resolve_handler(view: LiveView, name: Any) -> Callable[..., Any]:
    """The bound handler ``name`` of ``view``, or ProtocolError(unknown_handler) saying why."""
    cls = type(view)
    if not isinstance(name, str) or not name:
        raise ProtocolError(ERROR_UNKNOWN_HANDLER, "event needs a handler name ('e')")
    if name.startswith("_"):
        raise ProtocolError(
            ERROR_UNKNOWN_HANDLER, f"{name!r} is private: browsers can only call event handlers"
        )
    attr = getattr(cls, name, None)
    if attr is None:
        raise ProtocolError(
            ERROR_UNKNOWN_HANDLER, f"{cls.__qualname__} has no event handler named {name!r}"
        )
    if not is_event_handler(attr):
        raise ProtocolError(
            ERROR_UNKNOWN_HANDLER,
            f"{cls.__qualname__}.{name} is not marked @event_handler, so a browser cannot call it",
        )
    handler: Callable[..., Any] = getattr(view, name)
    if serialization.is_strict():
        return serialization.strict_handler(view, handler)
    return handler
