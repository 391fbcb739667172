"""What a page may join: a channel and its URL kwargs, signed into the page it was served in.

``ProjectChannel.token_for(request, project_id=1)`` signs the channel's name and kwargs, bound
to the request's session; the page hands the token to ``djwire.sync.join(...)``. The socket
reads it back when the page joins ``sync:``: a browser joins only channels and instances a
page of its own session was given (and ``has_permission`` is still checked on every join).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_BAD_TOKEN
from djwire.transport.request import ensure_session_key
from djwire.transport.tokens import ISSUED, sign_token, verify_token

_SALT = "djwire.sync"
_CHANNEL = "c"
_KWARGS = "k"


@dataclass(frozen=True)
class ChannelGrant:
    """What a channel token allows: the channel (by name) and its URL kwargs."""

    channel_name: str
    kwargs: dict[str, Any]
    # When the page's first token was signed (None: now); refreshes keep it.
    issued: int | None = None


def make_channel_token(grant: ChannelGrant, session_key: str | None) -> str:
    """The signed token of ``grant`` for the session ``session_key``."""
    claims: dict[str, Any] = {_CHANNEL: grant.channel_name, _KWARGS: grant.kwargs}
    if grant.issued is not None:
        claims[ISSUED] = grant.issued
    return sign_token(claims, salt=_SALT, session_key=session_key)


def token_for_request(request: Any, channel_name: str, kwargs: dict[str, Any]) -> str:
    """A token for the page ``request`` renders to join ``channel_name`` with ``kwargs``."""
    return make_channel_token(ChannelGrant(channel_name, dict(kwargs)), ensure_session_key(request))


def read_channel_token(token: Any, session_key: str | None) -> ChannelGrant:
    """The grant of a valid token, or ProtocolError (bad_token, token_expired, ...)."""
    claims = verify_token(token, salt=_SALT, session_key=session_key)
    name, kwargs = claims.get(_CHANNEL), claims.get(_KWARGS)
    if not isinstance(name, str) or not isinstance(kwargs, dict):
        raise ProtocolError(ERROR_BAD_TOKEN, "the token does not name a channel")
    return ChannelGrant(name, kwargs, claims.get(ISSUED))
