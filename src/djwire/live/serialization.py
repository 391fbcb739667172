"""A view's public state to bytes: warn (or raise, in strict mode) on what cannot be saved.

A public attribute the codec cannot write (a client object, an open file, a generator, a
lock...) is reported with a message that names the view, the attribute, the type and the
fix. In production it is logged as a warning and saved as its string form. In strict mode
(the default when ``settings.DEBUG`` is on, or ``DJWIRE = {"strict_serialization": True}``)
it is a ``TypeError`` with the same message, raised where a developer sees it: the HTTP
render raises, a mount over the socket fails the join, and an event whose handler assigned
such a value is rolled back and answered with an error frame carrying the message.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterable
from typing import Any

import orjson
from django.conf import settings

from djwire import codec, conf
from djwire.live.stateful import StatefulView, is_state_name
from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_HANDLER_ERROR

logger = logging.getLogger("djwire.serialization")


def unserializable_message(view_class: type, name: str, value: Any) -> str:
    """What is wrong with ``view_class.name`` holding ``value``, and how to fix it."""
    kind = type(value)
    return (
        f"{view_class.__qualname__}.{name} holds {kind.__qualname__} (from {kind.__module__}), "
        "which cannot be saved as view state. Keep it private (self._"
        f"{name}) or re-create it in a helper method; public state must be plain data."
    )


def is_strict() -> bool:
    """True when unsaveable state raises: ``DJWIRE["strict_serialization"]``, or when it is
    not set, ``settings.DEBUG`` (a string fallback only shows up later, as a confusing
    ``'str' object has no attribute ...`` after a resume)."""
    strict = conf.get("strict_serialization")
    if strict is None:
        return bool(settings.DEBUG)
    return bool(strict)


def encode_state(view: StatefulView) -> bytes:
    """The codec's bytes of the view's public state.

    Raises TypeError in strict mode when an attribute cannot be saved; otherwise logs a
    warning and saves that attribute as its string form.
    """
    with view._dj_tracker.reading():
        return _encode_state(view)


def _encode_state(view: StatefulView) -> bytes:
    state = view.state_values()
    try:
        return codec.encode(state)
    except codec.UnserializableValue:
        pass
    # Slow path, only when something cannot be encoded: find which attribute holds it.
    strict = is_strict()
    parts = []
    for name, value in state.items():
        try:
            encoded = codec.encode(value)
        except codec.UnserializableValue as error:
            message = unserializable_message(type(view), name, error.value)
            if strict:
                raise TypeError(message) from None
            logger.warning("%s It is saved as its string form.", message)
            encoded = codec.encode(value, fallback=str)
        parts.append(orjson.dumps(name) + b":" + encoded)
    return b"{" + b",".join(parts) + b"}"


def check_serializable(view: StatefulView, names: Iterable[str]) -> None:
    """Raise TypeError (the message of :func:`unserializable_message`) when one of the
    public attributes ``names`` of ``view`` cannot be saved."""
    values = view.__dict__
    with view._dj_tracker.reading():
        for name in names:
            if name not in values or not is_state_name(name):
                continue
            try:
                codec.encode(values[name])
            except codec.UnserializableValue as error:
                message = unserializable_message(type(view), name, error.value)
                raise TypeError(message) from None


def strict_handler(view: StatefulView, handler: Callable[..., Any]) -> Callable[..., Any]:
    """``handler``, checking after it runs that what it changed can be saved (strict mode).

    When it cannot, the handler's changes are rolled back and the event is answered with
    a ``handler_error`` frame whose reason is the message (it names the attribute and the fix).
    """

    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def achecked(*args: Any, **kwargs: Any) -> Any:
            result = await handler(*args, **kwargs)
            _check_changes(view)
            return result

        return achecked

    @functools.wraps(handler)
    def checked(*args: Any, **kwargs: Any) -> Any:
        result = handler(*args, **kwargs)
        _check_changes(view)
        return result

    return checked


def _check_changes(view: StatefulView) -> None:
    try:
        check_serializable(view, set(view._dj_tracker.changed))
    except TypeError as error:
        logger.error("%s", error)
        view._dj_tracker.rollback(view)
        raise ProtocolError(ERROR_HANDLER_ERROR, str(error)) from None
