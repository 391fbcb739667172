"""Render once, fan out: a state push to many views of one template renders its parts once.

When every part a push changes is a top-level expression that reads only the pushed names,
its new text is the same in every view of that template; the first view renders it, the
others reuse the text (kept in the push's memo, one per process and push) and only compare it
with what they show. Anything else — a loop or an ``{% if %}`` over the pushed names, a part
reading a value that changes on every render — takes the per-view path.

Pure functions of what they are given: mounted.py decides when a push may take this path.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, cast

from django.template import Context
from django.template.base import Template

from djwire.codec.types import is_immutable
from djwire.live.template.compile import Block, ExprPart
from djwire.live.template.render import key

# Context values that stay the same object for the life of a view (see mounted.py).
STABLE = frozenset({"request", "user", "view", "messages", "DEFAULT_MESSAGE_LEVELS"})
# Of those, the ones bound to the request of the render that made them.
PAGE_BOUND = frozenset({"request", "user", "messages"})


def volatile_names(previous: Mapping[str, Any], own: Collection[str], unseen: set[str]) -> set[str]:
    """Context names whose value may differ between views or renders: not the view's own
    attributes (``own``), not stable, not immutable; plus the state the tracker cannot see."""
    volatile = {
        name
        for name, value in previous.items()
        if name not in STABLE and name not in own and not is_immutable(value)
    }
    return volatile | unseen


def page_context_dropped(previous: dict[str, Any], request: Any, view: Any) -> dict[str, Any]:
    """The last render's context values (``previous``) of a view the HTTP render mounted,
    without what holds that page's request, once ``request`` (the socket's) replaced it: the
    request itself (the socket's takes its place) and the values that are neither immutable
    nor the view's own (the user, CSRF token, messages and perms that context processors bind
    to the page's request). Kept, they held the page's whole request (its headers and body
    buffer) for as long as the page stayed open (docs/benchmarks.md, "Memory per connection").
    A value dropped counts as changed at the next render and is not shared by a push, as the
    socket's own values would not be the page's objects anyway."""
    own = view.__dict__
    kept = {
        name: value
        for name, value in previous.items()
        if is_immutable(value) or name in own or name in STABLE - PAGE_BOUND
    }
    if "request" in previous:
        kept["request"] = request
    return kept


def shareable_parts(
    block: Block, known: AbstractSet[str], volatile: set[str], names: frozenset[str]
) -> list[int] | None:
    """The top-level parts a push of ``names`` changes, if their text can be shared; else None."""
    affected = []
    for index, part in enumerate(block.parts):
        deps = part.deps
        # Set operations in C: this runs for every part of every view a push reaches.
        if deps is None or not deps <= known or not deps.isdisjoint(volatile):
            return None  # rendered after every change: needs this view's context
        if deps.isdisjoint(names):
            continue
        if not isinstance(part, ExprPart) or not deps <= names:
            return None
        affected.append(index)
    return affected


def render_parts(
    block: Block, page: Template, state: dict[str, Any], affected: list[int]
) -> list[str]:
    """The texts of the ``affected`` parts of ``block``, rendered from ``state`` alone."""
    context = Context(dict(state), autoescape=page.engine.autoescape)
    with context.render_context.push_state(page), context.bind_template(page):
        parts = [cast(ExprPart, block.parts[i]) for i in affected]
        return [str(part.node.render_annotated(context)) for part in parts]


def patch_values(values: list[Any], affected: list[int], texts: list[str]) -> dict[str, Any]:
    """Put ``texts`` into a view's rendered ``values``; the diff of those that changed."""
    diff: dict[str, Any] = {}
    for index, text in zip(affected, texts, strict=True):
        if values[index] != text:
            values[index] = text
            diff[key(index)] = text
    return diff
