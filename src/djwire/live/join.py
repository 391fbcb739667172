"""A LiveView joined over the socket: the async side of a :class:`ViewSession`."""

from __future__ import annotations

import logging
from typing import Any

from channels.db import database_sync_to_async
from django.utils.module_loading import import_string

from djwire import codec
from djwire.live import serialization
from djwire.live.providers import provide, providers_for
from djwire.live.request import request_from_scope
from djwire.live.runner import LiveJoin
from djwire.live.session import ViewSession
from djwire.live.store import get_store
from djwire.live.tokens import JoinGrant, make_token, read_token
from djwire.live.view import LiveView
from djwire.transport import ProtocolError, Socket
from djwire.transport.protocol import (
    ERROR_BAD_TOKEN,
    ERROR_JOIN_FAILED,
)

logger = logging.getLogger("djwire.live")


async def join_liveview(
    socket: Socket, topic: str, payload: dict[str, Any]
) -> tuple[LiveJoin, dict[str, Any]]:
    """Join a LiveView: resume its saved state, or mount it afresh."""
    session_key = _session_key(socket.scope)
    grant = read_token(payload.get("token"), session_key)
    client_version = payload.get("v")
    known = payload.get("f") or []
    sent = {f for f in known if isinstance(f, str)} if isinstance(known, list) else set()
    session, resumed = await database_sync_to_async(_open)(socket.scope, grant, sent)
    reply: dict[str, Any] = {"v": session.version, "tk": make_token(grant, session_key)}
    tree = await database_sync_to_async(session.render_tree)()
    if not (resumed and client_version == session.version):
        reply["t"] = tree
    if not resumed:
        await database_sync_to_async(session.save)()
    return LiveJoin(socket, topic, session), reply


def _open(scope: dict[str, Any], grant: JoinGrant, sent: set[str]) -> tuple[ViewSession, bool]:
    try:
        cls = import_string(grant.view_path)
    except ImportError:
        raise ProtocolError(ERROR_BAD_TOKEN, f"{grant.view_path} no longer exists") from None
    if not (isinstance(cls, type) and issubclass(cls, LiveView)):
        raise ProtocolError(ERROR_BAD_TOKEN, f"{grant.view_path} is not a LiveView")
    view = cls()
    request = request_from_scope(scope, grant.path, grant.query)
    view.setup(request, **grant.kwargs)
    # mount() runs on every join, as it does in djust: it sets up what is private (clients,
    # flags like _skip_broadcast) and is never saved. Saved public state then replaces what
    # mount() set, so the page resumes where it was.
    try:
        services = provide(providers_for(cls, grant.path), grant.kwargs)
        view.mount(request, **grant.kwargs, **services)
    except Exception as error:
        logger.exception("mounting %s over the socket failed", grant.view_path)
        raise ProtocolError(
            ERROR_JOIN_FAILED, f"{grant.view_path}.mount raised {type(error).__name__}"
        ) from None
    saved = _load_saved(grant)
    if saved is not None:
        view.restore_state(saved["state"])
        return ViewSession(view, grant, saved["v"], sent), True
    if serialization.is_strict():
        try:
            serialization.check_serializable(view, view.state_names())
        except TypeError as error:
            raise ProtocolError(ERROR_JOIN_FAILED, str(error)) from None
    view._dj_tracker.reset()
    return ViewSession(view, grant, 1, sent), False


def _load_saved(grant: JoinGrant) -> dict[str, Any] | None:
    """The saved record of this view instance, or None (then the view is mounted afresh)."""
    record = get_store().load(grant.instance_id)
    if record is None:
        return None
    try:
        saved = codec.decode(record)
    except Exception as error:
        # e.g. a model or an enum of the saved state was renamed by a deploy since
        logger.warning(
            "the saved state of %s cannot be restored (%s: %s); it is mounted afresh",
            grant.view_path,
            type(error).__name__,
            error,
        )
        return None
    if not isinstance(saved, dict) or saved.get("p") != grant.view_path:
        return None
    return saved


def _session_key(scope: dict[str, Any]) -> str | None:
    session = scope.get("session")
    return None if session is None else session.session_key
