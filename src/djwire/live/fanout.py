"""Render once, fan out: a state push to many views of one template renders its parts once.

When every part a push changes is a top-level expression that reads only the pushed names,
its new text is the same in every view of that template; the first view renders it, the
others reuse the text (kept in the push's memo, one per process and push) and only compare it
with what they show. Anything else — a loop or an ``{% if %}`` over the pushed names, a part
reading a value that changes on every render — takes the per-view path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.template import Context

from djwire.live.containers import unseen_state
from djwire.live.template.compile import ExprPart
from djwire.live.template.render import key
from djwire.live.tracking import is_immutable

if TYPE_CHECKING:
    from djwire.live.session import ViewSession

# Context values that stay the same object for the life of a view (see session.py).
STABLE = frozenset({"request", "user", "view", "messages", "DEFAULT_MESSAGE_LEVELS"})


def apply_shared(
    session: ViewSession, state: dict[str, Any], memo: dict[Any, list[str]]
) -> dict[str, Any] | None:
    """Apply a state push through the shared render; None when this view needs its own."""
    names = frozenset(state)
    if session.root is None or session.view._dj_tracker.changed:
        return None
    if not all(is_immutable(value) for value in state.values()):
        return None
    affected = _shared_parts(session, names)
    if affected is None:
        return None
    view = session.view
    for name, value in state.items():
        setattr(view, name, value)
    block = session.template.block
    memo_key = (block.fingerprint, tuple(affected), names)
    texts = memo.get(memo_key)
    if texts is None:
        page = session.template.live.page
        context = Context(dict(state), autoescape=page.engine.autoescape)
        with context.render_context.push_state(page), context.bind_template(page):
            parts = [cast(ExprPart, block.parts[i]) for i in affected]
            texts = [str(part.node.render_annotated(context)) for part in parts]
        memo[memo_key] = texts
    values = session.root.values
    diff: dict[str, Any] = {}
    for index, text in zip(affected, texts, strict=True):
        if values[index] != text:
            values[index] = text
            diff[key(index)] = text
    view._dj_tracker.reset()
    if not diff:
        return {"v": session.version}
    session.version += 1
    return {"v": session.version, "d": diff}


def _shared_parts(session: ViewSession, names: frozenset[str]) -> list[int] | None:
    """The top-level parts a push of ``names`` changes, if they can be shared; else None."""
    previous = session._previous
    view = session.view
    if not names <= previous.keys():
        return None  # a name the last render did not have: render it per view
    volatile = {
        name
        for name, value in previous.items()
        if name not in STABLE and name not in view.__dict__ and not is_immutable(value)
    }
    volatile |= unseen_state(view)
    known = previous.keys()
    affected = []
    for index, part in enumerate(session.template.block.parts):
        deps = part.deps
        if deps is None or not deps <= known or not deps.isdisjoint(volatile):
            return None  # rendered after every change: needs this view's context
        if deps.isdisjoint(names):
            continue
        if not isinstance(part, ExprPart) or not deps <= names:
            return None
        affected.append(index)
    return affected
