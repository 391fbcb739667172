"""One row of a ``{% for %}``: its context (``forloop`` as Django's ForNode sets it), its first
render, its re-render against what it rendered before, and its ``dj-key``."""

from __future__ import annotations

from typing import Any

from django.template import Context

from djwire.live.containers import ALL_ROWS, TrackedDict, TrackedList, TrackedSet
from djwire.live.template.compile import ExprPart, ForPart
from djwire.live.template.state import NO_STAMP, BlockRenderer, Changes, Stamp


def push_row(
    part: ForPart, context: Context, item: Any, pos: int, length: int, parent: Any
) -> None:
    context.push()
    context["forloop"] = {
        "parentloop": parent,
        "counter0": pos,
        "counter": pos + 1,
        "revcounter": length - pos,
        "revcounter0": length - pos - 1,
        "first": pos == 0,
        "last": pos == length - 1,
    }
    loopvars = part.loopvars
    if len(loopvars) == 1:
        context[loopvars[0]] = item
        return
    try:
        count = len(item)
    except TypeError:
        count = 1
    if count != len(loopvars):
        context.pop()
        raise ValueError(f"Need {len(loopvars)} values to unpack in for loop; got {count}. ")
    for name, value in zip(loopvars, item, strict=True):
        context[name] = value


def stamp_of(part: ForPart, pos: int, length: int) -> Stamp:
    if not part.uses_position:
        return NO_STAMP
    return (pos, length if part.uses_length else None)


def own_names(part: ForPart) -> frozenset[str]:
    return frozenset(part.loopvars) | {"forloop"}


def new_row(
    renderer: BlockRenderer,
    part: ForPart,
    context: Context,
    item: Any,
    pos: int,
    length: int,
    parent: Any,
) -> tuple[list[Any], list[Any]]:
    """A row's first render: its values (what the server keeps) and its wire."""
    push_row(part, context, item, pos, length, parent)
    try:
        return renderer.render_values(part.body, context)
    finally:
        context.pop()


def new_rows(
    renderer: BlockRenderer, part: ForPart, context: Context, items: list[Any], parent: Any
) -> tuple[list[Any], list[list[Any]]]:
    """Every row of a loop's first render: the rows' values one after the other, and each
    row's wire. The same as :func:`new_row` for each, with one context layer and one
    ``forloop`` for the loop, as Django's ForNode does (a layer and a dict per row were a
    tenth of a big page's render); the layer is emptied between rows, so a row still sees
    nothing another row set."""
    values: list[Any] = []
    wires: list[list[Any]] = []
    length = len(items)
    loopvars = part.loopvars
    single = loopvars[0] if len(loopvars) == 1 else None
    body = part.body
    render_values = renderer.render_values
    keep = values.extend
    layer = context.push()
    forloop: dict[str, Any] = {"parentloop": parent}
    try:
        for pos, item in enumerate(items):
            layer.clear()
            forloop["counter0"] = pos
            forloop["counter"] = pos + 1
            forloop["revcounter"] = length - pos
            forloop["revcounter0"] = length - pos - 1
            forloop["first"] = pos == 0
            forloop["last"] = pos == length - 1
            layer["forloop"] = forloop
            if single is not None:
                layer[single] = item
            else:
                _unpack(loopvars, item, layer)
            row, wire = render_values(body, context)
            keep(row)
            wires.append(wire)
    finally:
        context.pop()
    return values, wires


def _unpack(loopvars: list[str], item: Any, layer: Any) -> None:
    try:
        count = len(item)
    except TypeError:
        count = 1
    if count != len(loopvars):
        raise ValueError(f"Need {len(loopvars)} values to unpack in for loop; got {count}. ")
    for name, value in zip(loopvars, item, strict=True):
        layer[name] = value


def rediff_row(
    renderer: BlockRenderer,
    part: ForPart,
    context: Context,
    values: list[Any],
    item: Any,
    pos: int,
    length: int,
    parent: Any,
    changes: Changes,
) -> dict[str, Any]:
    """Render a row again for ``item``: ``values`` (what it rendered last) are updated in
    place, and the parts that changed are the diff."""
    push_row(part, context, item, pos, length, parent)
    try:
        return renderer.diff_values(part.body, values, context, changes)
    finally:
        context.pop()


def row_key(part: ForPart, context: Context, item: Any, pos: int, length: int, parent: Any) -> str:
    assert part.body.key_index is not None
    key_part = part.body.parts[part.body.key_index]
    assert isinstance(key_part, ExprPart)
    push_row(part, context, item, pos, length, parent)
    try:
        return str(key_part.node.render_annotated(context))
    finally:
        context.pop()


class ReversedRows(list[Any]):
    """A tracked list's items in reverse (``{% for ... reversed %}``): its plain rows are the
    state's, watched as they are in the list."""

    __slots__ = ()


def rows_watched(seq: Any) -> bool:
    """True when the plain rows (dicts) of ``seq`` are the state's, whose changes the tracker
    reports (tracking.py): then they are matched by identity, as tracked items are."""
    return isinstance(seq, (TrackedList, ReversedRows))


_TRACKED_TYPES = frozenset({TrackedDict, TrackedList, TrackedSet})
_WATCHED_TYPES = _TRACKED_TYPES | {dict}


def watched(item: Any, rows: bool) -> bool:
    """True when a change of ``item`` in place is reported (its id is then dirty); ``rows``:
    its sequence is one whose plain rows are watched (:func:`rows_watched`)."""
    kind = type(item)
    if kind is dict:
        return rows
    return kind in _TRACKED_TYPES and not item._dj_opaque


def all_watched(items: list[Any], seq: Any) -> bool:
    """:func:`watched` for every item of ``seq`` (``items``), the common case checked in C."""
    if type(seq) is TrackedList and seq._dj_rows == ALL_ROWS:
        return True  # plain rows only, watched
    types = _WATCHED_TYPES if rows_watched(seq) else _TRACKED_TYPES
    if not all(map(types.__contains__, map(type, items))):
        return False
    if isinstance(seq, TrackedList) and not seq._dj_opaque:
        return True  # an opaque item makes its list opaque
    return not any(item._dj_opaque for item in items if type(item) is not dict)
