"""Signed join tokens: a browser joins only what a page it was served allows, in that session.

A capability signs what a join may do (a LiveView's path and kwargs, a signals window's
topics...) when it renders the page; the token is bound to the page's session, or to its
browser when the page has none (djwire.transport.binding), and expires after
``DJWIRE["join_token_max_age"]`` seconds. Each join reply hands out a fresh one, so an open
page keeps a valid token. Refusals carry their own codes: ``bad_token``
(forged, malformed), ``stale_session`` (another session's: reload) and ``token_expired``
(the page must be reloaded).
"""

from __future__ import annotations

import sys
import time
from typing import Any

import orjson
from django.core import signing

from djwire import codec, conf
from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_BAD_TOKEN, ERROR_STALE_SESSION, ERROR_TOKEN_EXPIRED

_SESSION = "_s"
# When the page's first token was signed: refreshes keep it, so a page's tokens have a
# maximum total lifetime (DJWIRE["join_token_max_lifetime"]) however often they are refreshed.
ISSUED = "_o"


class _CodecSerializer:
    def dumps(self, obj: Any) -> bytes:
        return codec.encode(obj)

    def loads(self, data: bytes) -> Any:
        _refuse_imports(orjson.loads(data))
        return codec.decode(data)


def _refuse_imports(value: Any) -> None:
    """Refuse a token whose claims would make decoding import a module (an enum's): a token
    signed with a leaked key must not choose what the server imports. Enums of modules loaded
    already (by the URLconf that routes the view) decode as usual."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get(codec.TAG) == "enum":
                module = item.get("v", [None])[0] if isinstance(item.get("v"), list) else None
                if not isinstance(module, str) or module not in sys.modules:
                    raise signing.BadSignature("the token names a module that is not loaded")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def sign_token(claims: dict[str, Any], *, salt: str, binding: str) -> str:
    """A token carrying ``claims`` (codec-encodable), usable where ``binding`` is presented
    (djwire.transport.binding: the page's session, or its browser's).

    ``salt`` names what the token is for (``"djwire.join"``): a token signed for one purpose
    is refused for another. A refresh passes on the ``ISSUED`` claim that :func:`verify_token`
    returned, so that the page's total lifetime counts from its first token.
    """
    payload = {ISSUED: int(time.time()), **claims, _SESSION: binding}
    return signing.dumps(payload, salt=salt, serializer=_CodecSerializer, compress=True)


def verify_token(token: Any, *, salt: str, binding: str) -> dict[str, Any]:
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
        raise ProtocolError(ERROR_BAD_TOKEN, "join token is not a token's payload")
    if payload.pop(_SESSION, None) != binding:
        # A page whose session expired, or whose key a login in another tab rotated (or an
        # anonymous page's, once its browser has a session) would be refused forever: its
        # code tells the client that a reload cures it.
        reason = (
            "join token belongs to another session (it expired, or a login changed it): "
            "reload the page"
        )
        raise ProtocolError(ERROR_STALE_SESSION, reason)
    issued = payload.get(ISSUED)
    lifetime = conf.get("join_token_max_lifetime")
    if not isinstance(issued, int) or time.time() - issued > lifetime:
        reason = (
            "the page's tokens were refreshed for longer than "
            "DJWIRE['join_token_max_lifetime'] allows: reload the page"
        )
        raise ProtocolError(ERROR_TOKEN_EXPIRED, reason)
    return payload
