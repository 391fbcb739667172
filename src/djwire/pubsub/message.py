"""A published message as the subscribers of one process receive it: bytes, decoded on demand.

The hub hands the same :class:`Message` to every local subscriber of a group. It is read-only:
``value`` is decoded once, on first use, and shared (read it, never change it); a subscriber
that hands the content to code that may change it takes its own copy with ``decode()``. What a
subscriber derives from a message it keeps in its own structures, never in the message.
"""

from __future__ import annotations

from typing import Any

from djwire import codec

_UNDECODED: Any = object()


class Message:
    """One message of the channel layer, for the subscribers of one process."""

    __slots__ = ("__weakref__", "_value", "data")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._value = _UNDECODED

    @property
    def value(self) -> Any:
        """The decoded content, shared by every subscriber: never change it."""
        if self._value is _UNDECODED:
            self._value = codec.decode(self.data)
        return self._value

    def decode(self) -> Any:
        """A fresh decoded copy, for code that may change what it is given."""
        return codec.decode(self.data)
