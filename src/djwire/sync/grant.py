"""What a page may join: a channel and its URL kwargs, signed into the page it was served in.

``ProjectChannel.token_for(request, project_id=1)`` signs the channel's name and kwargs, bound
to the request's session; the page hands the token to ``djwire.sync.join(...)``. The socket
reads it back when the page joins ``sync:``: a browser joins only channels and instances a
page of its own session was given (and ``has_permission`` is still checked on every join).

A front end built apart from Django (a React app) has no view to sign a token: its join names
the channel (its registered name, ``ProjectChannel.name``) and the URL kwargs instead, as a
route of its own (``ProjectChannel.as_asgi()``) would take them from the URL. Only channels
djwire registered can be named (nothing is imported by name), and ``has_permission(user,
**kwargs)`` (denied unless the channel overrides it) is then the whole gate (docs/sync.md,
"Joining without a Django page").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from djwire.sync.protocol import ERROR_NOT_FOUND
from djwire.transport.binding import page_binding
from djwire.transport.errors import ProtocolError
from djwire.transport.protocol import ERROR_BAD_PARAMS, ERROR_BAD_TOKEN
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
    # Signed by a page's view (a token); False: named in the join (by a front end of its own).
    signed: bool = True


def make_channel_token(grant: ChannelGrant, binding: str) -> str:
    """The signed token of ``grant``, bound to ``binding`` (djwire.transport.binding)."""
    claims: dict[str, Any] = {_CHANNEL: grant.channel_name, _KWARGS: grant.kwargs}
    if grant.issued is not None:
        claims[ISSUED] = grant.issued
    return sign_token(claims, salt=_SALT, binding=binding)


def token_for_request(request: Any, channel_name: str, kwargs: dict[str, Any]) -> str:
    """A token for the page ``request`` renders to join ``channel_name`` with ``kwargs``."""
    return make_channel_token(ChannelGrant(channel_name, dict(kwargs)), page_binding(request))


def read_channel_token(token: Any, binding: str) -> ChannelGrant:
    """The grant of a valid token, or ProtocolError (bad_token, token_expired, ...)."""
    claims = verify_token(token, salt=_SALT, binding=binding)
    name, kwargs = claims.get(_CHANNEL), claims.get(_KWARGS)
    if not isinstance(name, str) or not isinstance(kwargs, dict):
        raise ProtocolError(ERROR_BAD_TOKEN, "the token does not name a channel")
    return ChannelGrant(name, kwargs, claims.get(ISSUED))


def named_grant(name: Any, kwargs: Any, registered: Callable[[str], object]) -> ChannelGrant:
    """The grant of a join that names its channel (``registered(name)`` says whether djwire
    registered one of that name) and kwargs, or ProtocolError (``not_found``, ``bad_params``).
    The kwargs are what a URL route would give: names to strings or integers."""
    if not isinstance(name, str) or registered(name) is None:
        raise ProtocolError(ERROR_NOT_FOUND, f"no channel is named {name!r}")
    if kwargs is None:
        kwargs = {}
    if not isinstance(kwargs, dict) or not all(
        isinstance(key, str) and _url_value(value) for key, value in kwargs.items()
    ):
        raise ProtocolError(
            ERROR_BAD_PARAMS,
            "the channel's kwargs must be an object of its URL kwargs, each a string or an integer",
        )
    return ChannelGrant(name, dict(kwargs), signed=False)


def _url_value(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
