"""A view's public state to bytes: warn (or raise, in strict mode) on what cannot be saved."""

from __future__ import annotations

import logging
from typing import Any

from djwire import codec, conf
from djwire.live.view import LiveView

logger = logging.getLogger("djwire.serialization")


def _message(view: LiveView, name: str, value: Any) -> str:
    kind = type(value)
    return (
        f"{type(view).__qualname__}.{name} holds {kind.__qualname__} (from {kind.__module__}), "
        "which cannot be saved as view state. Keep it private (self._"
        f"{name}) or re-create it in a helper method; public state must be plain data."
    )


def encode_state(view: LiveView) -> bytes:
    """The codec's bytes of the view's public state."""
    state = view.state_values()
    try:
        return codec.encode(state)
    except codec.UnserializableValue:
        pass
    # Slow path, only when something cannot be encoded: find which attribute holds it.
    strict = conf.get("strict_serialization")
    encoded = {}
    for name, value in state.items():
        try:
            encoded[name] = codec.decode(codec.encode(value))
        except codec.UnserializableValue as error:
            message = _message(view, name, error.value)
            if strict:
                raise TypeError(message) from None
            logger.warning("%s It is saved as its string form.", message)
            encoded[name] = codec.decode(codec.encode(value, fallback=str))
    return codec.encode(encoded)
