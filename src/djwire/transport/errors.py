"""The refusal every layer raises: turned into an ``error`` frame by the socket."""

from __future__ import annotations


class ProtocolError(Exception):
    """A request refused with a code from :mod:`djwire.transport.protocol` and a reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason
