"""The refusal every layer raises: turned into an ``error`` frame by the socket."""

from __future__ import annotations

from django.conf import settings

from djwire.transport.protocol import ErrorPayload, error_payload


class ProtocolError(Exception):
    """A request refused with a code from :mod:`djwire.transport.protocol` and a reason.

    ``exception`` names the exception type that caused it, for the page to show in DEBUG
    (see :func:`crashed`); None for a refusal that is not a crash."""

    def __init__(self, code: str, reason: str, exception: str | None = None) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason
        self.exception = exception

    def payload(self) -> ErrorPayload:
        """The payload of the ``error`` frame that refuses the request."""
        return error_payload(self.code, self.reason, self.exception)


def crashed(code: str, what: str, error: BaseException, advice: str = "") -> ProtocolError:
    """The refusal of a request because ``what`` raised ``error`` (the caller logs it).

    The exception's type and message are for DEBUG only: in production they could tell a
    visitor about the code behind the page, so the reason says only that ``what`` failed (the
    server's log has the traceback)."""
    then = f"; {advice}" if advice else ""
    if not settings.DEBUG:
        return ProtocolError(code, f"{what} raised an exception{then}")
    cls = type(error)
    message = f": {error}" if str(error) else ""
    module = "" if cls.__module__ == "builtins" else f"{cls.__module__}."
    name = f"{module}{cls.__qualname__}"
    return ProtocolError(code, f"{what} raised {cls.__name__}{message}{then}", exception=name)
