"""Signed join tokens: a browser joins only what a page it was served allows, in that session.

A capability signs what a join may do (a LiveView's path and kwargs, a signals window's
topics...) when it renders the page; the token is bound to a hash of the Django session key
and expires after ``DJWIRE["join_token_max_age"]`` seconds. Each join reply hands out a fresh
one, so an open page keeps a valid token. Refusals carry their own codes: ``bad_token``
(forged, malformed, another session's) and ``token_expired`` (the page must be reloaded).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core import signing

from djwire import codec, conf
from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_BAD_TOKEN, ERROR_TOKEN_EXPIRED

_SESSION = "_s"


class _CodecSerializer:
    def dumps(self, obj: Any) -> bytes:
        return codec.encode(obj)

    def loads(self, data: bytes) -> Any:
        return codec.decode(data)


def session_binding(session_key: str | None) -> str:
    """What a token stores of the session: a hash, never the key itself."""
    return hashlib.sha256((session_key or "").encode()).hexdigest()[:24]


def sign_token(claims: dict[str, Any], *, salt: str, session_key: str | None) -> str:
    """A token carrying ``claims`` (codec-encodable), for the session ``session_key``.

    ``salt`` names what the token is for (``"djwire.join"``): a token signed for one purpose
    is refused for another.
    """
    payload = {**claims, _SESSION: session_binding(session_key)}
    return signing.dumps(payload, salt=salt, serializer=_CodecSerializer, compress=True)


def verify_token(token: Any, *, salt: str, session_key: str | None) -> dict[str, Any]:
    """The claims of a valid token, or ProtocolError(bad_token / token_expired) saying why."""
    if not isinstance(token, str) or not token:
        raise ProtocolError(ERROR_BAD_TOKEN, "join needs the token the page was served with")
    try:
        payload = signing.loads(
            token, salt=salt, serializer=_CodecSerializer, max_age=conf.get("join_token_max_age")
        )
    except signing.SignatureExpired:
        raise ProtocolError(ERROR_TOKEN_EXPIRED, "join token expired: reload the page") from None
    except signing.BadSignature:
        raise ProtocolError(ERROR_BAD_TOKEN, "join token signature is not valid") from None
    if not isinstance(payload, dict):
        raise ProtocolError(ERROR_BAD_TOKEN, "join token is malformed")
    if payload.pop(_SESSION, None) != session_binding(session_key):
        raise SessionMismatch(payload)
    return payload


class SessionMismatch(ProtocolError):
    """A valid token of another session (``bad_token``); ``claims`` are what it was signed
    with. The session of a page changes when its user logs in or out in another tab: a join
    kind may tell a user who must log in again from a forged token (live/access.py)."""

    def __init__(self, claims: dict[str, Any]) -> None:
        super().__init__(ERROR_BAD_TOKEN, "join token belongs to another session")
        self.claims = claims
