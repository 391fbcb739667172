"""A mounted view: one live instance of a view with its last render, version and saved record.

Everything here is synchronous and runs in a thread of the handler pool (handlers use the ORM;
djwire.transport.pool), one call at a time per view, but for ``async def`` handlers, which run
on the event loop (``ahandle_event``); ``join.py`` is the async side on the socket.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from django.core.exceptions import SynchronousOnlyOperation
from django.template import Context
from django.template.context import make_context

from djwire.codec.types import is_immutable
from djwire.decorators import EVENT_HANDLER
from djwire.live import serialization
from djwire.live.containers import unseen_state
from djwire.live.fanout import (
    STABLE,
    page_context_dropped,
    patch_values,
    render_parts,
    shareable_parts,
    volatile_names,
)
from djwire.live.grant import JoinGrant
from djwire.live.protocol import Reply
from djwire.live.records import Records
from djwire.live.stateful import StatefulView
from djwire.live.template import CompiledTemplate, compiled
from djwire.live.template.render import Renderer
from djwire.live.template.state import BlockState, Changes
from djwire.live.tracking import _MISSING
from djwire.transport.callables import bind_or_refuse, resolve_callable
from djwire.transport.errors import ProtocolError, crashed
from djwire.transport.pool import get_pool
from djwire.transport.protocol import ERROR_HANDLER_ERROR

logger = logging.getLogger("djwire.live")

# How a coroutine has sync work run in a thread: the pool's background lane, or a batch.
SyncRunner = Callable[[Callable[[], Any]], Awaitable[Any]]


class MountedView:
    """A view instance with what the server remembers of its page."""

    def __init__(
        self,
        view: StatefulView,
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
        self.records = Records(view, grant)  # what the next save writes: a base, or a delta

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
        self.view._dj_tracker.settle()  # before the render holds the rows (tracking.py)
        self.root, wire = self.renderer.render_block(self.template.block, context)
        self._previous = _flat(context)
        self._stale = False
        self._rendered()
        return wire

    def took_first_render(self, root: BlockState, context: Context) -> None:
        """The region was rendered by the HTTP page (``context`` is the page's): diff the
        next change against that render."""
        self.root = root
        self._previous = _flat(context)
        self._stale = False

    def took_socket_request(self) -> None:
        """The HTTP render's view, joined: its handlers now see the socket's request (set on
        the view), so the page's request is let go (page_context_dropped)."""
        self._previous = page_context_dropped(self._previous, self.view.request, self.view)

    def render_diff(self) -> dict[str, Any]:
        """Render what changed since the last render; bumps the version when not empty."""
        return self._with_context(self._render_diff)  # type: ignore[no-any-return]

    def _render_diff(self, context: Context) -> dict[str, Any]:
        assert self.root is not None
        flat = _flat(context)
        changes = Changes.of(self.view._dj_tracker, self._changed_names(flat), frozenset(flat))
        diff = self.renderer.diff_block(self.root, context, changes)
        self._previous = flat
        self._rendered()
        if diff:
            self.version += 1
        return diff

    def _rendered(self) -> None:
        """The changes are rendered: noted for the next save (as ops), then forgotten."""
        self.records.unsaved.note(self.view, self.view._dj_tracker)
        self.view._dj_tracker.reset()

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

    def event_handler(self, name: Any) -> Callable[..., Any]:
        """The view's ``@event_handler`` called ``name``, or ProtocolError(unknown_handler)."""
        handler = resolve_callable(self.view, name, EVENT_HANDLER)
        if serialization.is_strict():
            handler = serialization.strict_handler(self.view, handler)
        return handler

    def handle_event(self, name: Any, params: Any) -> Reply:
        """Run a handler and render; the ``ok`` payload, or ProtocolError with the reason."""
        self._ensure_fresh()
        handler = self.event_handler(name)
        kwargs = bind_or_refuse(handler, params, name)
        self._guarded(lambda: handler(**kwargs), f"{type(self.view).__qualname__}.{name}")
        return self.reply()

    async def ahandle_event(self, name: Any, params: Any) -> Reply:
        """:meth:`handle_event` for an ``async def`` handler: it runs on the event loop; the
        render that follows runs in a pool thread, as templates may use the ORM."""
        handler = self.event_handler(name)
        kwargs = bind_or_refuse(handler, params, name)
        what = f"{type(self.view).__qualname__}.{name}"
        return await self._arun(lambda: handler(**kwargs), what, get_pool().run_background)

    async def aapply_push(
        self,
        state: dict[str, Any] | None,
        handler: str,
        payload: dict[str, Any] | None,
        sync: SyncRunner,
        memo: dict[Any, Any] | None = None,
    ) -> Reply:
        """:meth:`apply_push` for a push naming an ``async def`` handler; ``sync`` runs the
        render after it in a thread (batched with the other views the push reaches), unless
        the handler changed only what the shared render of ``memo`` can draw on the loop."""
        view = self.view
        name = f"{type(view).__qualname__}.{handler} (push)"
        method = getattr(view, handler)
        kwargs = bind_or_refuse(method, payload or {}, name)

        async def work() -> None:
            for key, value in (state or {}).items():
                setattr(view, key, value)
            await method(**kwargs)

        return await self._arun(work, name, sync, memo)

    async def _arun(
        self,
        work: Callable[[], Awaitable[Any]],
        what: str,
        sync: SyncRunner,
        memo: dict[Any, Any] | None = None,
    ) -> Reply:
        # The handler has run (on the loop) by the time the render needs a thread: ``sync`` is
        # a lane that never refuses, or the change would be made and never sent.
        if self._stale:
            await sync(self.render_tree)
        try:
            await work()
        except ProtocolError:
            raise
        except Exception as error:
            raise self._failed(error, what) from None
        shared = self._shared_after_handler(memo) if memo is not None else None
        if shared is not None:
            return shared
        reply: Reply = await sync(self.reply)
        return reply

    def apply_push(
        self,
        state: dict[str, Any] | None,
        handler: str | None,
        payload: dict[str, Any] | None,
        memo: dict[Any, Any] | None = None,
    ) -> Reply:
        """Apply a server push (state, then the handler) and render what changed. ``memo``,
        shared by the views of this process that the same push reaches, lets a handler that
        only assigned plain values reuse the text another view rendered for the same values."""
        self._ensure_fresh()
        view = self.view
        name = f"{type(view).__qualname__}.{handler or 'state'} (push)"

        def work() -> None:
            for key, value in (state or {}).items():
                setattr(view, key, value)
            if handler is not None:
                method = getattr(view, handler)
                method(**_bound(method, payload or {}, name, memo))

        self._guarded(work, name)
        shared = self._shared_after_handler(memo) if memo is not None else None
        return shared if shared is not None else self.reply()

    def apply_state_push(self, state: dict[str, Any], memo: dict[Any, Any]) -> Reply:
        """Apply a push of state only: rendered once for all views of the template when the
        parts it changes allow it (see fanout.py), else as any push. ``memo`` is shared by the
        views of this process that receive the same push."""
        self._ensure_fresh()
        try:
            reply = self._apply_shared(state, memo)
        except SynchronousOnlyOperation:
            self.view._dj_tracker.rollback(self.view)
            raise  # the caller runs this push again in the sync thread
        except Exception:
            logger.exception("shared render of a push failed; rendering this view alone")
            reply = None
        return reply if reply is not None else self.apply_push(state, None, None)

    def _apply_shared(self, state: dict[str, Any], memo: dict[Any, list[str]]) -> Reply | None:
        """The reply of a push rendered through the shared path; None when this view needs
        its own render."""
        if self.root is None or self.view._dj_tracker.changed:
            return None
        if not all(is_immutable(value) for value in state.values()):
            return None
        affected = self._shareable(frozenset(state))
        if affected is None:
            return None
        for name, value in state.items():
            setattr(self.view, name, value)
        return self._patch_shared(state, affected, memo)

    def _shared_after_handler(self, memo: dict[Any, list[str]]) -> Reply | None:
        """The reply of a push handler that only assigned plain values to state (no container
        changed, nothing deleted, no skipped render), through the shared path; else None."""
        view = self.view
        tracker = view._dj_tracker
        if self.root is None or tracker.dirty or tracker.structure or not tracker.changed:
            return None
        if "_skip_render" in view.__dict__:
            return None
        values = view.__dict__
        if not all(name in values and is_immutable(values[name]) for name in tracker.changed):
            return None
        try:
            affected = self._shareable(frozenset(tracker.changed))
            if affected is None:
                return None
            state = {name: values[name] for name in tracker.changed}
            return self._patch_shared(state, affected, memo)
        except Exception:
            logger.exception("shared render of a push failed; rendering this view alone")
            return None

    def _shareable(self, names: frozenset[str]) -> list[int] | None:
        """The parts a change of ``names`` affects, when their texts can be shared; else None."""
        previous = self._previous
        if not names <= previous.keys():
            return None  # a name the last render did not have: render it per view
        if type(self.view).get_context_data is not StatefulView.get_context_data:
            return None  # its own context may derive other names from these: render it alone
        volatile = volatile_names(previous, self.view.__dict__, unseen_state(self.view))
        return shareable_parts(self.template.block, previous.keys(), volatile, names)

    def _patch_shared(
        self, state: dict[str, Any], affected: list[int], memo: dict[Any, list[str]]
    ) -> Reply:
        """Patch the texts of ``affected`` for ``state`` (the view holds it already) into the
        last render, rendered once per memo and values; the reply."""
        block = self.template.block
        # Keyed by the values too: a handler may set each view's own values.
        memo_key = (block.fingerprint, tuple(affected), tuple(sorted(state.items())))
        texts = memo.get(memo_key)
        if texts is None:
            texts = memo[memo_key] = render_parts(block, self.template.live.page, state, affected)
        assert self.root is not None
        diff = patch_values(self.root.values, affected, texts)
        self._rendered()
        if not diff:
            return Reply(v=self.version)
        self.version += 1
        return Reply(v=self.version, d=diff)

    def tick(self) -> Reply:
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

    def reply(self) -> Reply:
        """Render what changed and build the reply payload (``v`` and, if any, ``d``).

        A handler that sets ``self._skip_render = True`` (the broadcast pattern) skips this
        render; its changes are sent with the next one.
        """
        if self.view.__dict__.pop("_skip_render", False):
            return Reply(v=self.version)
        diff = self._guarded(self.render_diff, f"rendering {self.template.live.name}", True)
        if diff:
            return Reply(v=self.version, d=diff)
        return Reply(v=self.version)

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
            raise self._failed(error, what, rendering) from None

    def _failed(self, error: Exception, what: str, rendering: bool = False) -> ProtocolError:
        """Roll back what failed and say so: the ``handler_error`` refusal to raise."""
        logger.exception("%s raised; the view's state is rolled back", what, exc_info=error)
        self.view._dj_tracker.rollback(self.view)
        self._stale = self._stale or rendering
        return crashed(ERROR_HANDLER_ERROR, what, error)

    def save(self) -> None:
        """Save the whole state now (a base record)."""
        self.records.save(self.version)


def _bound(
    method: Callable[..., Any], payload: dict[str, Any], what: str, memo: dict[Any, Any] | None
) -> dict[str, Any]:
    """The keyword arguments of a push handler: bound once per push and handler function for
    every view it reaches when they are plain values (a handler cannot change those for the
    next view), else per view. A refusal is not kept: each view reports its own."""
    if memo is None:
        return bind_or_refuse(method, payload, what)
    key = ("bound", getattr(method, "__func__", method))
    kwargs = memo.get(key)
    if kwargs is None:
        kwargs = bind_or_refuse(method, payload, what)
        if all(map(is_immutable, kwargs.values())):
            memo[key] = kwargs
    return dict(kwargs)


def _flat(context: Context) -> dict[str, Any]:
    return cast(dict[str, Any], context.flatten())
