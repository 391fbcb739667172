"""One live instance of a view: its state, its last render, its version, its saved record.

Everything here is synchronous and runs in Django's sync thread (handlers use the ORM);
``join.py`` is the async side on the socket.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any, cast

import orjson
from django.conf import settings
from django.core.exceptions import SynchronousOnlyOperation
from django.http import HttpRequest, HttpResponse
from django.template import Context
from django.template.context import make_context
from django.utils.html import escape

from djwire.live import serialization
from djwire.live.containers import unseen_state
from djwire.live.fanout import STABLE, apply_shared
from djwire.live.handlers import resolve_handler
from djwire.live.params import BadParams, bind
from djwire.live.providers import Providers, provide
from djwire.live.store import get_store
from djwire.live.template import RENDER_KEY, CompiledTemplate, compiled
from djwire.live.template.render import Renderer
from djwire.live.template.state import BlockState, Changes
from djwire.live.tokens import JoinGrant, make_token
from djwire.live.tracking import _MISSING, is_immutable
from djwire.live.tree import Statics, to_html
from djwire.live.view import LiveView, view_path
from djwire.transport import ProtocolError
from djwire.transport.protocol import ERROR_BAD_PARAMS, ERROR_HANDLER_ERROR

logger = logging.getLogger("djwire.live")


class ViewSession:
    """A view instance with what the server remembers of its page."""

    def __init__(
        self,
        view: LiveView,
        grant: JoinGrant,
        version: int,
        sent: set[str] | None = None,
    ) -> None:
        self.view = view
        self.grant = grant
        self.version = version
        self.template: CompiledTemplate = compiled(view.get_template_names()[0])
        self.renderer = Renderer(sent)
        self.root: BlockState | None = None
        self._previous: dict[str, Any] = {}
        # The last render was left half-done (a render that failed): rebuild it before the
        # next change, so that diffs are taken against what the page shows.
        self._stale = False

    # -- rendering -----------------------------------------------------------------------

    def _with_context(self, work: Callable[[Context], Any]) -> Any:
        page = self.template.live.page
        data = self.view.get_context_data()
        context = make_context(data, self.view.request, autoescape=page.engine.autoescape)
        with context.render_context.push_state(page), context.bind_template(page):
            return work(context)

    def render_tree(self) -> dict[str, Any]:
        """Render the whole region; the tree is what a client without it needs."""
        return self._with_context(self._render_tree)  # type: ignore[no-any-return]

    def _render_tree(self, context: Context) -> dict[str, Any]:
        self.root, wire = self.renderer.render_block(self.template.block, context)
        self._previous = _flat(context)
        self._stale = False
        self.view._dj_tracker.reset()
        return wire

    def render_diff(self) -> dict[str, Any]:
        """Render what changed since the last render; bumps the version when not empty."""
        return self._with_context(self._render_diff)  # type: ignore[no-any-return]

    def _render_diff(self, context: Context) -> dict[str, Any]:
        assert self.root is not None
        flat = _flat(context)
        changes = Changes(
            self._changed_names(flat),
            frozenset(flat),
            self.view._dj_tracker.dirty,
            set(self.view._dj_tracker.snapshots),
            self.view._dj_tracker.structure,
        )
        diff = self.renderer.diff_block(self.root, context, changes)
        self._previous = flat
        self.view._dj_tracker.reset()
        if diff:
            self.version += 1
        return diff

    def _changed_names(self, flat: dict[str, Any]) -> set[str]:
        view = self.view
        names = set(view._dj_tracker.changed)
        state_names = set(view.state_names())
        names |= unseen_state(view)  # objects whose changes cannot be seen
        previous = self._previous
        for name, value in flat.items():
            if name in state_names:
                continue
            before = previous.get(name, _MISSING)
            if before is value and name in STABLE:
                continue
            if is_immutable(value) and type(before) is type(value) and before == value:
                continue
            names.add(name)
        return names

    # -- events --------------------------------------------------------------------------

    def handle_event(self, name: Any, params: Any) -> dict[str, Any]:
        """Run a handler and render; the ``ok`` payload, or ProtocolError with the reason."""
        self._ensure_fresh()
        handler = resolve_handler(self.view, name)
        if not isinstance(params, dict):
            raise ProtocolError(ERROR_BAD_PARAMS, "event params ('p') must be an object")
        try:
            kwargs = bind(handler, params)
        except BadParams as error:
            raise ProtocolError(ERROR_BAD_PARAMS, f"{name}: {error}") from None
        self._guarded(lambda: handler(**kwargs), f"{type(self.view).__qualname__}.{name}")
        return self.reply()

    def apply_push(
        self, state: dict[str, Any] | None, handler: str | None, payload: dict[str, Any] | None
    ) -> dict[str, Any]:
        """Apply a server push (state, then the handler) and render what changed."""
        self._ensure_fresh()
        view = self.view
        name = f"{type(view).__qualname__}.{handler or 'state'} (push)"

        def work() -> None:
            for key, value in (state or {}).items():
                setattr(view, key, value)
            if handler is not None:
                method = getattr(view, handler)
                try:
                    kwargs = bind(method, payload or {})
                except BadParams as error:
                    raise ProtocolError(ERROR_BAD_PARAMS, f"{name}: {error}") from None
                method(**kwargs)

        self._guarded(work, name)
        return self.reply()

    def apply_state_push(self, state: dict[str, Any], memo: dict[Any, Any]) -> dict[str, Any]:
        """Apply a push of state only: rendered once for all views of the template when the
        parts it changes allow it (see fanout.py), else as any push."""
        self._ensure_fresh()
        try:
            reply = apply_shared(self, state, memo)
        except SynchronousOnlyOperation:
            self.view._dj_tracker.rollback(self.view)
            raise  # the caller runs this push again in the sync thread
        except Exception:
            logger.exception("shared render of a push failed; rendering this view alone")
            reply = None
        return reply if reply is not None else self.apply_push(state, None, None)

    def tick(self) -> dict[str, Any]:
        """Run ``handle_tick`` and render what changed."""
        self._ensure_fresh()
        self._guarded(self.view.handle_tick, f"{type(self.view).__qualname__}.handle_tick")
        return self.reply()

    def take_events(self) -> list[tuple[str, dict[str, Any]]]:
        """The ``push_event`` calls made since the last time, in order."""
        events: list[tuple[str, dict[str, Any]]] = self.view.__dict__.pop("_dj_events", [])
        return events

    def _ensure_fresh(self) -> None:
        if self._stale:
            self.render_tree()

    def reply(self) -> dict[str, Any]:
        """Render what changed and build the reply payload (``v`` and, if any, ``d``).

        A handler that sets ``self._skip_render = True`` (the broadcast pattern) skips this
        render; its changes are sent with the next one.
        """
        if self.view.__dict__.pop("_skip_render", False):
            return {"v": self.version}
        diff = self._guarded(self.render_diff, f"rendering {self.template.live.name}", True)
        payload: dict[str, Any] = {"v": self.version}
        if diff:
            payload["d"] = diff
        return payload

    def _guarded(self, work: Callable[[], Any], what: str, rendering: bool = False) -> Any:
        try:
            return work()
        except ProtocolError:
            raise
        except SynchronousOnlyOperation:
            # Tried in the event loop (a state push) and it needs the database: the caller runs
            # it again in the sync thread. Undo what it did; the render state is rebuilt first.
            self.view._dj_tracker.rollback(self.view)
            self._stale = True
            raise
        except Exception as error:
            logger.exception("%s raised; the view's state is rolled back", what)
            self.view._dj_tracker.rollback(self.view)
            self._stale = self._stale or rendering
            detail = f": {error}" if settings.DEBUG else ""
            raise ProtocolError(
                ERROR_HANDLER_ERROR, f"{what} raised {type(error).__name__}{detail}"
            ) from None

    # -- saving --------------------------------------------------------------------------

    def record(self) -> bytes:
        """The saved form of this view: version, path and state."""
        state = serialization.encode_state(self.view)
        return b'{"v":%d,"p":%s,"state":%s}' % (
            self.version,
            orjson.dumps(self.grant.view_path),
            state,
        )

    def save(self) -> None:
        get_store().save(self.grant.instance_id, self.record())


def _flat(context: Context) -> dict[str, Any]:
    return cast(dict[str, Any], context.flatten())


class _HttpRender:
    """What the page template's djwire nodes write during the first HTTP render."""

    def __init__(self, session: ViewSession, token: str) -> None:
        self.session = session
        self.token = token

    def root_attrs(self) -> str:
        return (
            f' dj-view="{escape(self.session.grant.view_path)}"'
            f' dj-token="{escape(self.token)}" dj-v="{self.session.version}"'
        )

    def render_region(self, context: Context) -> str:
        session = self.session
        session.root, tree = session.renderer.render_block(session.template.block, context)
        statics = Statics()
        statics.collect(tree)
        data = orjson.dumps(tree).replace(b"<", b"\\u003c").decode()
        script = f'<script type="application/json" dj-tree>{data}</script>'
        return script + to_html(tree, statics)


def serve_http(
    cls: type[LiveView],
    initkwargs: dict[str, Any],
    request: HttpRequest,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    providers: Providers | None = None,
) -> HttpResponse:
    """The first render of a LiveView, over HTTP: a full page that works without JavaScript.

    ``providers`` (from ``live_session()``) are called and passed to ``mount()``.
    """
    view = cls(**initkwargs)
    view.setup(request, *args, **kwargs)
    view.mount(request, **kwargs, **provide(providers or {}, kwargs))
    session_key = _ensure_session(request)
    grant = JoinGrant(
        view_path(cls),
        dict(kwargs),
        request.META.get("QUERY_STRING", ""),
        secrets.token_hex(16),
        request.path,
    )
    session = ViewSession(view, grant, version=1)
    token = make_token(grant, session_key)
    page = session.template.live.page
    data = view.get_context_data()
    data[RENDER_KEY] = _HttpRender(session, token)
    context = make_context(data, request, autoescape=page.engine.autoescape)
    html = page.render(context)
    view._dj_tracker.reset()
    session.save()
    return HttpResponse(html)


def _ensure_session(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    if session.session_key is None:
        session["_djwire"] = True  # an empty session is never saved nor sent as a cookie
        session.save()
    return session.session_key  # type: ignore[no-any-return]
