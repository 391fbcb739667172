"""Compile a Django template's nodes once into static text and dynamic parts.

A :class:`Block` is the statics and dynamics of a run of nodes. Text is static. A variable is
an :class:`ExprPart`; ``{% if %}`` an :class:`IfPart` whose branches are blocks; ``{% for %}``
a :class:`ForPart` whose body is a block rendered once per row. Every other tag is an opaque
:class:`ExprPart`: rendered whole, by Django, so the page is always what Django would render.

Each part knows the root names of the variables it reads (``deps``), so after an event only
the parts that read a changed name are rendered again. ``None`` as deps means "unknown":
such a part is rendered after every event and compared with what it rendered before.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, cast

from django.template.base import (
    FilterExpression,
    Node,
    NodeList,
    TextNode,
    Variable,
    VariableNode,
)
from django.template.defaulttags import (
    CommentNode,
    CsrfTokenNode,
    CycleNode,
    ForNode,
    IfChangedNode,
    IfNode,
    LoadNode,
    ResetCycleNode,
    URLNode,
)

Deps = frozenset[str] | None  # None: reads anything

# Tags that keep state across loop iterations: a loop holding one is rendered whole.
_STATEFUL = (CycleNode, IfChangedNode, ResetCycleNode)
_KEY_ATTR = re.compile(r"""\sdj-key=["']$""")
_KEY_EVENTS = ("dj-keydown", "dj-keyup")


def union(*all_deps: Deps) -> Deps:
    result: set[str] = set()
    for deps in all_deps:
        if deps is None:
            return None
        result |= deps
    return frozenset(result)


def expression_deps(expression: FilterExpression) -> frozenset[str]:
    names: set[str] = set()
    var = expression.var
    if isinstance(var, Variable) and var.lookups:
        names.add(var.lookups[0])
    for _func, args in expression.filters:
        for is_lookup, arg in args:
            if is_lookup and isinstance(arg, Variable) and arg.lookups:
                names.add(arg.lookups[0])
    return frozenset(names)


def _condition_deps(condition: Any) -> frozenset[str]:
    if condition is None:
        return frozenset()
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        return expression_deps(value)
    names: frozenset[str] = frozenset()
    for side in ("first", "second"):
        sub = getattr(condition, side, None)
        if sub is not None:
            names |= _condition_deps(sub)
    return names


def _lookups(expression: FilterExpression) -> list[tuple[str, ...]]:
    found = []
    var = expression.var
    if isinstance(var, Variable) and var.lookups:
        found.append(var.lookups)
    for _func, args in expression.filters:
        for is_lookup, arg in args:
            if is_lookup and isinstance(arg, Variable) and arg.lookups:
                found.append(arg.lookups)
    return found


@dataclass(eq=False)
class Part:
    deps: Deps

    def affected(self, changed: set[str] | None, known: frozenset[str]) -> bool:
        """Must this part be rendered again? ``known`` are the names the context provides:
        a name outside it was set by a tag (``{% url ... as x %}``) and may change any time."""
        deps = self.deps
        if changed is None or deps is None:
            return True
        return not deps.isdisjoint(changed) or not deps <= known

    def signature(self) -> str:
        raise NotImplementedError


@dataclass(eq=False)
class ExprPart(Part):
    """A variable or an opaque tag, rendered by Django into one string."""

    node: Node

    def signature(self) -> str:
        return "e"


@dataclass(eq=False)
class Block:
    """Static strings around dynamic parts: ``len(statics) == len(parts) + 1``."""

    statics: list[str]
    parts: list[Part]
    fingerprint: str = ""
    key_index: int | None = None  # the part whose value is the row's dj-key
    deps: Deps = frozenset()
    # The parts whose values the client reads back from the page's DOM (readable.py).
    readable: tuple[int, ...] = ()


@dataclass(eq=False)
class IfPart(Part):
    branches: list[tuple[Any, Block]]  # (condition or None for else, block)
    # The render state of each branch that holds nothing dynamic, shared (render.py).
    static_states: dict[int, Any] = field(default_factory=dict)
    static_wires: dict[int, dict[str, str]] = field(default_factory=dict)  # their wires, once sent

    def signature(self) -> str:
        return "if(" + ",".join(b.fingerprint for _c, b in self.branches) + ")"


@dataclass(eq=False)
class ForPart(Part):
    node: ForNode
    body: Block
    empty: Block | None
    loopvars: list[str]
    # Which forloop values a row reads: its position, and the length of the list.
    uses_position: bool = False
    uses_length: bool = False
    outer_deps: Deps = field(default_factory=frozenset)

    def signature(self) -> str:
        empty = self.empty.fingerprint if self.empty else ""
        return f"for({self.body.fingerprint},{empty})"


def compile_nodes(nodes: list[Node]) -> Block:
    """Compile a list of nodes (e.g. a NodeList) into a block."""
    statics = [""]
    parts: list[Part] = []
    for node in nodes:
        if isinstance(node, TextNode):
            statics[-1] += node.s
        elif isinstance(node, CommentNode | LoadNode):
            continue  # both render as nothing
        else:
            parts.append(_compile_part(node))
            statics.append("")
    block = Block(statics, parts, deps=union(*(p.deps for p in parts)))
    block.key_index = _key_index(block)
    block.fingerprint = _fingerprint(block)
    return block


def _compile_part(node: Node) -> Part:
    if isinstance(node, VariableNode):
        return ExprPart(expression_deps(node.filter_expression), node)
    if isinstance(node, IfNode):
        branches = [(cond, compile_nodes(nodelist)) for cond, nodelist in node.conditions_nodelists]
        deps = union(*(_condition_deps(c) for c, _b in branches), *(b.deps for _c, b in branches))
        return IfPart(deps, branches)
    if isinstance(node, ForNode) and not _holds_stateful(node):
        return _compile_for(node)
    return ExprPart(_opaque_deps(node), node)


def _compile_for(node: ForNode) -> ForPart:
    body = compile_nodes(_nodes(node.nodelist_loop))
    empty = compile_nodes(_nodes(node.nodelist_empty)) if node.nodelist_empty else None
    forloop_attrs = _forloop_attrs(node)
    own = set(node.loopvars) | {"forloop"}
    body_outer = None if body.deps is None else frozenset(body.deps - own)
    if "parentloop" in forloop_attrs or "*" in forloop_attrs:
        body_outer = union(body_outer, frozenset({"forloop"}))
    outer = union(body_outer, empty.deps if empty else frozenset())
    deps = union(expression_deps(cast(FilterExpression, node.sequence)), outer)
    return ForPart(
        deps,
        node,
        body,
        empty,
        list(node.loopvars),
        uses_position=bool(forloop_attrs),
        uses_length=bool(forloop_attrs & {"revcounter", "revcounter0", "last", "*"}),
        outer_deps=outer,
    )


def _forloop_attrs(node: ForNode) -> set[str]:
    attrs: set[str] = set()
    for child in _nodes(node.nodelist_loop).get_nodes_by_type(Node):
        for expression in _expressions_of(child):
            for lookups in _lookups(expression):
                if lookups[0] == "forloop":
                    attrs.add(lookups[1] if len(lookups) > 1 else "*")
    return attrs


def _expressions_of(node: Node) -> list[FilterExpression]:
    if isinstance(node, VariableNode):
        return [node.filter_expression]
    found: list[FilterExpression] = []
    if isinstance(node, IfNode):
        for condition, _nodelist in node.conditions_nodelists:
            found.extend(_condition_expressions(condition))
        return found
    for value in vars(node).values():
        if isinstance(value, FilterExpression):
            found.append(value)
        elif isinstance(value, list | tuple):
            found.extend(v for v in value if isinstance(v, FilterExpression))
        elif isinstance(value, dict):
            found.extend(v for v in value.values() if isinstance(v, FilterExpression))
    return found


def _condition_expressions(condition: Any) -> list[FilterExpression]:
    if condition is None:
        return []
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        return [value]
    found = []
    for side in ("first", "second"):
        sub = getattr(condition, side, None)
        if sub is not None:
            found.extend(_condition_expressions(sub))
    return found


def _holds_stateful(node: ForNode) -> bool:
    loop = _nodes(node.nodelist_loop)
    return any(loop.get_nodes_by_type(kind) for kind in _STATEFUL)


def _nodes(nodelist: Any) -> NodeList:
    return cast(NodeList, nodelist)


def _opaque_deps(node: Node) -> Deps:
    # Tags whose inputs are known exactly; anything else reads anything.
    if isinstance(node, CsrfTokenNode):
        return frozenset({"csrf_token"})
    if isinstance(node, URLNode) and not node.asvar:  # "as x" sets a variable: run it always
        expressions = [node.view_name, *node.args, *node.kwargs.values()]
        return union(*(expression_deps(e) for e in expressions))
    return None


def _key_index(block: Block) -> int | None:
    for index, part in enumerate(block.parts):
        before = block.statics[index]
        if isinstance(part, ExprPart) and _KEY_ATTR.search(before):
            tag = before[before.rfind("<") :]
            if not any(event in tag for event in _KEY_EVENTS):
                return index
    return None


def _fingerprint(block: Block) -> str:
    digest = hashlib.blake2b(digest_size=6)
    for static in block.statics:
        digest.update(static.encode())
        digest.update(b"\0")
    for part in block.parts:
        digest.update(part.signature().encode())
        digest.update(b"\0")
    return digest.hexdigest()
