"""What a LiveView join token allows: this view, with these arguments, as this instance.

The first HTTP render signs the view's path, URL kwargs, query string, instance id and page
path (djwire.transport.tokens binds it to the session or the browser, and makes it expire); a
join reads it back, and the socket side mounts exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_BAD_TOKEN
from djwire.transport.tokens import ISSUED, sign_token, verify_token

_SALT = "djwire.join"


@dataclass(frozen=True)
class JoinGrant:
    """What a join token allows: this view, with these arguments, as this instance."""

    view_path: str
    kwargs: dict[str, Any]
    query: str
    instance_id: str
    path: str
    # When the page's first token was signed (None: now); refreshes keep it.
    issued: int | None = None


def make_token(grant: JoinGrant, binding: str) -> str:
    """The join token of ``grant``, bound to ``binding`` (djwire.transport.binding)."""
    claims: dict[str, Any] = {
        "p": grant.view_path,
        "k": grant.kwargs,
        "q": grant.query,
        "i": grant.instance_id,
        "u": grant.path,
    }
    if grant.issued is not None:
        claims[ISSUED] = grant.issued
    return sign_token(claims, salt=_SALT, binding=binding)


def read_token(token: Any, binding: str) -> JoinGrant:
    """The grant of a valid token, or ProtocolError(bad_token / token_expired) saying why."""
    claims = verify_token(token, salt=_SALT, binding=binding)
    try:
        grant = JoinGrant(
            claims["p"], claims["k"], claims["q"], claims["i"], claims["u"], claims.get(ISSUED)
        )
    except KeyError:
        raise ProtocolError(ERROR_BAD_TOKEN, "join token is not a LiveView's") from None
    # Signed claims of the wrong types (a leaked key) must be refused here, not fail later in
    # whatever reads them (a view path of 5 made the join a server_error: found by tests/fuzz).
    texts = (grant.view_path, grant.query, grant.instance_id, grant.path)
    if not all(isinstance(text, str) for text in texts) or not _is_kwargs(grant.kwargs):
        raise ProtocolError(ERROR_BAD_TOKEN, "join token is not a LiveView's")
    return grant


def _is_kwargs(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(key, str) for key in value)
