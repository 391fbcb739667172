"""Find the live part of a page template: the element carrying ``dj-root``.

The page is rendered by Django as usual (``{% extends %}``, blocks, includes); the element with
the ``dj-root`` attribute is the live region. Its contents are compiled into the tree that is
patched over the socket; the rest of the page is rendered once, over HTTP.

The template object is rebuilt from its source so that the cached template Django shares is
never changed. In the copy the region's nodes are replaced by a :class:`LiveRegionNode` and the
root's opening tag gets a :class:`RootAttrsNode`, which write what the view puts in the context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured
from django.template import Context
from django.template.base import Node, NodeList, Template, TextNode
from django.template.loader_tags import BlockNode, ExtendsNode

ROOT_ATTR = "dj-root"
RENDER_KEY = "djwire_live"  # the context key holding the live render of the HTTP request
_ROOT_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?\s" + ROOT_ATTR + r"(?=[\s>=/])")
# dj-root in a text node that starts inside a tag: the tag was opened before a variable or a
# template tag (``<div {{ attrs }} dj-root>``, ``<{{ tag }} dj-root>``).
_ROOT_AFTER_DYNAMIC = re.compile(r"^[^<>]*\s" + ROOT_ATTR + r"(?=(?:[\s=/][^<>]*)?>)")


class LiveRegionNode(Node):
    """Writes the live region, rendered through the tree machinery."""

    def __init__(self, nodes: list[Node]) -> None:
        self.region_nodes = nodes

    def render(self, context: Context) -> str:
        return str(context[RENDER_KEY].render_region(context))


class RootAttrsNode(Node):
    """Writes the attributes djwire adds to the root element (view, token, version)."""

    def render(self, context: Context) -> str:
        return str(context[RENDER_KEY].root_attrs())


@dataclass
class LiveTemplate:
    page: Template  # the page, with the region replaced by a LiveRegionNode
    region: list[Node]  # the nodes of the live region
    name: str


def split_live_region(template: Template) -> LiveTemplate:
    """A copy of ``template`` whose ``dj-root`` element's contents are the live region."""
    page = Template(template.source, template.origin, template.name, template.engine)
    name = template.name or "<string>"
    for nodelist in _candidate_nodelists(page):
        for index, node in enumerate(nodelist):
            if isinstance(node, TextNode):
                match = _ROOT_TAG.search(node.s)
                if match:
                    region = _cut(nodelist, index, match, name)
                    return LiveTemplate(page, region, name)
    if _has_dynamic_root(page):
        raise ImproperlyConfigured(_static_opening_tag(name))
    if any(isinstance(node, ExtendsNode) for node in page.nodelist):
        raise ImproperlyConfigured(
            f"{name} extends another template but no element in it has the {ROOT_ATTR} "
            f"attribute: mark the element that holds the live part, e.g. <div {ROOT_ATTR}>."
        )
    region = list(page.nodelist)
    wrapper: list[Node] = [TextNode(f"<div {ROOT_ATTR}"), RootAttrsNode(), TextNode(">")]
    page.nodelist[:] = [*wrapper, LiveRegionNode(region), TextNode("</div>")]
    return LiveTemplate(page, region, name)


def _candidate_nodelists(page: Template) -> list[NodeList]:
    found: list[NodeList] = []

    def visit(nodelist: NodeList) -> None:
        found.append(nodelist)
        for node in nodelist:
            if isinstance(node, (ExtendsNode, BlockNode)):
                visit(node.nodelist)

    visit(page.nodelist)
    return found


def _has_dynamic_root(page: Template) -> bool:
    for nodelist in _candidate_nodelists(page):
        for index, node in enumerate(nodelist):
            if (
                index
                and isinstance(node, TextNode)
                and not isinstance(nodelist[index - 1], TextNode)
                and _ROOT_AFTER_DYNAMIC.search(node.s)
                and _opens_a_tag(nodelist[:index])
            ):
                return True
    return False


def _opens_a_tag(before: list[Node]) -> bool:
    """True when the last text before these nodes leaves a tag open (``<div `` or ``<``)."""
    for node in reversed(before):
        if isinstance(node, TextNode):
            return node.s.rfind("<") > node.s.rfind(">")
    return False


def _static_opening_tag(name: str) -> str:
    return (
        f"{name}: keep the opening tag of the {ROOT_ATTR} element static (no template "
        "tags or variables inside it); put dynamic attributes on an inner element."
    )


def _cut(nodelist: NodeList, start: int, match: re.Match[str], name: str) -> list[Node]:
    text: str = cast(TextNode, nodelist[start]).s
    tag = match.group(1).lower()
    close_of_open = text.find(">", match.end())
    if close_of_open < 0:
        raise ImproperlyConfigured(_static_opening_tag(name))
    end = _find_close(nodelist, start, close_of_open + 1, tag, name)
    end_index, end_offset = end
    attrs_at = match.end()
    head = [
        TextNode(text[:attrs_at]),
        RootAttrsNode(),
        TextNode(text[attrs_at : close_of_open + 1]),
    ]
    if end_index == start:
        region: list[Node] = [TextNode(text[close_of_open + 1 : end_offset])]
        tail = [TextNode(text[end_offset:])]
    else:
        last: str = cast(TextNode, nodelist[end_index]).s
        region = [
            TextNode(text[close_of_open + 1 :]),
            *nodelist[start + 1 : end_index],
            TextNode(last[:end_offset]),
        ]
        tail = [TextNode(last[end_offset:])]
    nodelist[start : end_index + 1] = [*head, LiveRegionNode(region), *tail]
    return region


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


def _find_close(
    nodelist: NodeList, index: int, offset: int, tag: str, name: str
) -> tuple[int, int]:
    """Where the element opened before ``offset`` closes: (node index, offset of ``</tag``)."""
    if tag in _VOID:
        raise ImproperlyConfigured(f"{name}: the {ROOT_ATTR} element must be able to hold content")
    pattern = re.compile(rf"<(/?){tag}\b[^<>]*?(/?)>", re.IGNORECASE)
    depth = 1
    position = offset
    for current in range(index, len(nodelist)):
        node: Any = nodelist[current]
        if not isinstance(node, TextNode):
            continue
        text = node.s
        for found in pattern.finditer(text, position if current == index else 0):
            if found.group(1):
                depth -= 1
                if depth == 0:
                    return current, found.start()
            elif not found.group(2):
                depth += 1
    raise ImproperlyConfigured(
        f"{name}: the <{tag} {ROOT_ATTR}> element is not closed in the same block; close it in "
        "the same template block, outside any {% if %} or {% for %}."
    )
