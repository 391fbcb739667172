"""Join tokens: a browser joins only the view it was served, in the session it was served to.

The first HTTP render signs the view's path, URL kwargs, query string and instance id, bound
to a hash of the session key. The token expires after ``DJWIRE["join_token_max_age"]``
seconds; each join reply hands out a fresh one, so an open page keeps a valid token.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core import signing

from djwire import codec, conf
from djwire.transport import ProtocolError
from djwire.transport.protocol import ERROR_BAD_TOKEN

_SALT = "djwire.join"


class _CodecSerializer:
    def dumps(self, obj: Any) -> bytes:
        return codec.encode(obj)

    def loads(self, data: bytes) -> Any:
        return codec.decode(data)


@dataclass(frozen=True)
class JoinGrant:
    """What a join token allows: this view, with these arguments, as this instance."""

    view_path: str
    kwargs: dict[str, Any]
    query: str
    instance_id: str
    path: str


def session_binding(session_key: str | None) -> str:
    return hashlib.sha256((session_key or "").encode()).hexdigest()[:24]


def make_token(grant: JoinGrant, session_key: str | None) -> str:
    payload = {
        "p": grant.view_path,
        "k": grant.kwargs,
        "q": grant.query,
        "i": grant.instance_id,
        "u": grant.path,
        "s": session_binding(session_key),
    }
    return signing.dumps(payload, salt=_SALT, serializer=_CodecSerializer, compress=True)


def read_token(token: Any, session_key: str | None) -> JoinGrant:
    """The grant of a valid token, or ProtocolError(bad_token) saying what is wrong."""
    if not isinstance(token, str) or not token:
        raise ProtocolError(ERROR_BAD_TOKEN, "join needs the token from the page (dj-token)")
    try:
        payload = signing.loads(
            token,
            salt=_SALT,
            serializer=_CodecSerializer,
            max_age=conf.get("join_token_max_age"),
        )
    except signing.SignatureExpired:
        raise ProtocolError(ERROR_BAD_TOKEN, "join token expired: reload the page") from None
    except signing.BadSignature:
        raise ProtocolError(ERROR_BAD_TOKEN, "join token signature is not valid") from None
    if payload.get("s") != session_binding(session_key):
        raise ProtocolError(ERROR_BAD_TOKEN, "join token belongs to another session")
    return JoinGrant(payload["p"], payload["k"], payload["q"], payload["i"], payload["u"])
