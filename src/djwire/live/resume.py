"""Opening a joined LiveView: the view its token grants, mounted, its saved state restored.

The first join after the HTTP render takes the view that render mounted, as it is (handoff.py).
Any other join runs ``mount()``, as djust does on every join; saved public state then replaces
what it set, so the page resumes where it was. A view with no saved state (or state a deploy
made unreadable) is mounted afresh.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from djwire import codec
from djwire.live import serialization
from djwire.live.access import check_access
from djwire.live.deltas import apply_ops
from djwire.live.grant import JoinGrant
from djwire.live.handoff import get_handoffs
from djwire.live.mounted import MountedView
from djwire.live.providers import providers_for, routed_view
from djwire.live.registry import served_view
from djwire.live.services import provide
from djwire.live.stateful import StatefulView, run_mount
from djwire.store import get_store
from djwire.transport.errors import ProtocolError, crashed
from djwire.transport.logs import shorten
from djwire.transport.protocol import ERROR_BAD_TOKEN, ERROR_JOIN_FAILED
from djwire.transport.request import request_from_scope

logger = logging.getLogger("djwire.live")

# How a joined view was opened: the HTTP render's own ("held", already rendered), its saved
# state restored ("resumed"), or mounted afresh ("fresh").
Opened = Literal["held", "resumed", "fresh"]


def open_view(
    scope: dict[str, Any], grant: JoinGrant, sent: set[str]
) -> tuple[MountedView, Opened]:
    """The view a join token grants, and how it was opened. Runs in a thread of the handler pool:
    ``mount()`` may use the ORM."""
    cls = _view_class(grant)
    request = request_from_scope(scope, grant.path, grant.query)
    # Every join, not only the first: the user may have logged out since (access.py).
    check_access(cls, request, grant)
    held = get_handoffs().take(grant.instance_id)
    if held is not None:
        held.view.setup(request, **grant.kwargs)  # handlers see the socket's request
        held.took_socket_request()
        held.renderer.sent = sent
        return held, "held"
    view = _mounted(cls, request, grant)
    saved = _load_saved(grant)
    if saved is not None:
        view.restore_state(saved["state"])
        return MountedView(view, grant, saved["v"], sent), "resumed"
    return _fresh(view, grant, 1, sent), "fresh"


def mount_afresh(scope: dict[str, Any], grant: JoinGrant, version: int) -> MountedView:
    """The view ``grant`` names, mounted again with no saved state, at ``version``: the resync
    of a view that pushes were lost to (what ``mount()`` reads is current again)."""
    request = request_from_scope(scope, grant.path, grant.query)
    view = _mounted(_view_class(grant), request, grant)
    return _fresh(view, grant, version, set())


def _view_class(grant: JoinGrant) -> type[StatefulView]:
    cls = served_view(grant.view_path) or routed_view(grant.view_path)
    if not (isinstance(cls, type) and issubclass(cls, StatefulView)):
        # Looked up, never imported: a token naming any other class imports nothing.
        reason = f"{shorten(grant.view_path)} is not a LiveView this server routes"
        raise ProtocolError(ERROR_BAD_TOKEN, reason)
    return cls


def _mounted(cls: type[StatefulView], request: Any, grant: JoinGrant) -> StatefulView:
    view = cls()
    view.setup(request, **grant.kwargs)
    # mount() runs on every join, as it does in djust: it sets up what is private (clients,
    # flags like _skip_broadcast) and is never saved. Saved public state then replaces what
    # mount() set, so the page resumes where it was.
    try:
        services = provide(providers_for(cls, grant.path), grant.kwargs)
        run_mount(view, request, {**grant.kwargs, **services})
    except Exception as error:
        logger.exception("mounting %s over the socket failed", grant.view_path)
        raise crashed(ERROR_JOIN_FAILED, f"{grant.view_path}.mount", error) from None
    return view


def _fresh(view: StatefulView, grant: JoinGrant, version: int, sent: set[str]) -> MountedView:
    if serialization.is_strict():
        try:
            serialization.check_serializable(view, view.state_names())
        except TypeError as error:
            raise ProtocolError(ERROR_JOIN_FAILED, str(error)) from None
    view._dj_tracker.reset()
    return MountedView(view, grant, version, sent)


def _load_saved(grant: JoinGrant) -> dict[str, Any] | None:
    """The saved record of this view instance, or None (then the view is mounted afresh)."""
    records = get_store().load_records(grant.instance_id)
    if records is None:
        return None
    try:
        saved = codec.decode(records[0])
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
    for delta in records[1:]:
        try:
            change = codec.decode(delta)
        except Exception:
            # The last delta of a process killed while writing it: resume from the one before.
            logger.warning(
                "a saved delta of %s cannot be read; resuming before it", grant.view_path
            )
            break
        try:
            apply_ops(saved["state"], change["d"])
        except Exception:
            logger.exception(
                "the saved deltas of %s do not apply; it is mounted afresh", grant.view_path
            )
            return None
        saved["v"] = change["v"]
    return saved
