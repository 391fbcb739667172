"""One row of a ``{% for %}``: its context (``forloop`` as Django's ForNode sets it), its first
render, its re-render against what it rendered before, and its ``dj-key``."""

from __future__ import annotations

from typing import Any

from django.template import Context

from djwire.live.template.compile import ExprPart, ForPart
from djwire.live.template.state import BlockRenderer, Changes, RowState


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


_NO_STAMP = (None, None)  # shared by the rows of a loop that reads no forloop value


def stamp_of(part: ForPart, pos: int, length: int) -> tuple[int | None, int | None]:
    if not part.uses_position:
        return _NO_STAMP
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
) -> tuple[RowState, list[Any]]:
    push_row(part, context, item, pos, length, parent)
    try:
        values, wire = renderer.render_values(part.body, context)
    finally:
        context.pop()
    return RowState(item, None, values, stamp_of(part, pos, length)), wire


def new_rows(
    renderer: BlockRenderer, part: ForPart, context: Context, seq: Any, parent: Any
) -> tuple[list[RowState], list[list[Any]]]:
    """Every row of a loop's first render. The same as :func:`new_row` for each, with one
    context layer and one ``forloop`` for the loop, as Django's ForNode does (a layer and a
    dict per row were a tenth of a big page's render); the layer is emptied between rows, so
    a row still sees nothing another row set."""
    rows: list[RowState] = []
    wires: list[list[Any]] = []
    length = len(seq)
    loopvars = part.loopvars
    single = loopvars[0] if len(loopvars) == 1 else None
    body = part.body
    render_values = renderer.render_values
    layer = context.push()
    forloop: dict[str, Any] = {"parentloop": parent}
    try:
        for pos, item in enumerate(seq):
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
            values, wire = render_values(body, context)
            rows.append(RowState(item, None, values, stamp_of(part, pos, length)))
            wires.append(wire)
    finally:
        context.pop()
    return rows, wires


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
    row: RowState,
    item: Any,
    pos: int,
    length: int,
    parent: Any,
    changes: Changes,
) -> dict[str, Any]:
    push_row(part, context, item, pos, length, parent)
    try:
        diff = renderer.diff_values(part.body, row, context, changes)
    finally:
        context.pop()
    row.item = item
    row.stamp = stamp_of(part, pos, length)
    return diff


def row_key(part: ForPart, context: Context, item: Any, pos: int, length: int, parent: Any) -> str:
    assert part.body.key_index is not None
    key_part = part.body.parts[part.body.key_index]
    assert isinstance(key_part, ExprPart)
    push_row(part, context, item, pos, length, parent)
    try:
        return str(key_part.node.render_annotated(context))
    finally:
        context.pop()
