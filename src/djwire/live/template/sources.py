"""The source text of a page template and of what it pulls in, for the checks that read it.

Templates named by a literal (``{% include "x.html" %}``, ``{% extends "base.html" %}``) are
followed; one named by a variable cannot be known before the page renders, so the walk says it
is incomplete and a check that needs the whole page stays quiet rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

_LITERAL = r"""(?:"([^"]+)"|'([^']+)')"""
_INCLUDE = re.compile(r"{%\s*include\s+" + _LITERAL)
_EXTENDS = re.compile(r"{%\s*extends\s+" + _LITERAL)
_ANY_INCLUDE = re.compile(r"{%\s*include\s")
_ANY_EXTENDS = re.compile(r"{%\s*extends\s")


@dataclass(frozen=True)
class Source:
    """One template's name (its origin, as Django shows it) and text."""

    path: str
    text: str


@dataclass
class Sources:
    """The sources found, and whether every template the page pulls in was found."""

    found: list[Source]
    complete: bool


def template_sources(template: Any, name: str, *, extends: bool = False) -> Sources:
    """``template`` (a loaded template: a backend's wrapper or Django's own) and the templates
    it includes by a literal name, recursively; with ``extends`` also the templates it extends,
    and theirs. ``name`` stands for a template without an origin."""
    found: list[Source] = []
    complete = True
    seen: set[str] = set()
    pending = [template]
    while pending:
        source = _source(pending.pop(), name)
        if source is None or source.path in seen:
            continue
        seen.add(source.path)
        found.append(source)
        pulled = [*_INCLUDE.finditer(source.text)]
        complete &= len(pulled) == len(_ANY_INCLUDE.findall(source.text))
        if extends:
            parents = [*_EXTENDS.finditer(source.text)]
            complete &= len(parents) == len(_ANY_EXTENDS.findall(source.text))
            pulled += parents
        for match in pulled:
            try:
                pending.append(get_template(match.group(1) or match.group(2)))
            except (TemplateDoesNotExist, TemplateSyntaxError):
                complete = False  # Django reports it when the page renders
    return Sources(found, complete)


def _source(template: Any, name: str) -> Source | None:
    inner = getattr(template, "template", template)  # the backend's wrapper, or Django's
    text = getattr(inner, "source", None)
    if not isinstance(text, str):
        return None
    origin = getattr(inner, "origin", None)
    return Source(str(getattr(origin, "name", None) or name), text)
