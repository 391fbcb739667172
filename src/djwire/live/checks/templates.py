"""djwire.V004: a ``dj-click="name"`` (or any event binding) in a LiveView's template that
names no ``@event_handler`` of the view.

The view's template and the templates it includes by a literal name are read; a binding whose
value is computed (``dj-click="{{ action }}"``) is skipped, and so is one on an element marked
``dj-nocheck`` (a page that calls a missing handler on purpose, to show the error).
"""

from __future__ import annotations

import re
from typing import Any

from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from djwire.decorators import is_event_handler
from djwire.live.view import LiveView

BINDINGS = (
    "dj-click",
    "dj-submit",
    "dj-change",
    "dj-input",
    "dj-keydown",
    "dj-keyup",
    "dj-focus",
    "dj-blur",
)
_BINDING = re.compile(r"(?<![\w-])(" + "|".join(BINDINGS) + r")\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_INCLUDE = re.compile(r"{%\s*include\s+(?:\"([^\"]+)\"|'([^']+)')")


def check_bindings(cls: type[LiveView], template: Any) -> list[checks.CheckMessage]:
    """V004 for the bindings of ``template`` (a loaded template) and its literal includes."""
    messages: list[checks.CheckMessage] = []
    seen: set[str] = set()
    pending = [template]
    while pending:
        current = pending.pop()
        inner = getattr(current, "template", current)  # the backend's wrapper, or Django's
        origin = getattr(inner, "origin", None)
        path = str(getattr(origin, "name", None) or cls.template_name)
        source = getattr(inner, "source", "")
        if path in seen or not isinstance(source, str):
            continue
        seen.add(path)
        messages.extend(_check_source(cls, path, source))
        for match in _INCLUDE.finditer(source):
            try:
                pending.append(get_template(match.group(1) or match.group(2)))
            except TemplateDoesNotExist:
                continue  # Django reports it when the page renders
    return messages


def _check_source(cls: type[LiveView], path: str, source: str) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    for match in _BINDING.finditer(source):
        binding = match.group(1)
        name = (match.group(2) if match.group(2) is not None else match.group(3)).strip()
        if not name or "{" in name:
            continue  # computed in the template: cannot be known here
        tag_start = source.rfind("<", 0, match.start())
        tag_end = source.find(">", match.end())
        if "dj-nocheck" in source[tag_start : tag_end if tag_end >= 0 else None]:
            continue
        if is_event_handler(getattr(cls, name, None)) and not name.startswith("_"):
            continue
        line = source.count("\n", 0, match.start()) + 1
        messages.append(
            checks.Error(
                f'{path}:{line}: {binding}="{name}" names no @event_handler of '
                f"{cls.__module__}.{cls.__qualname__}.",
                hint=_hint(cls, name),
                obj=cls,
                id="djwire.V004",
            )
        )
    return messages


def _hint(cls: type, name: str) -> str:
    if callable(getattr(cls, name, None)):
        return f"Mark {cls.__qualname__}.{name} with @event_handler so a browser may call it."
    handlers = sorted(n for n in dir(cls) if is_event_handler(getattr(cls, n, None)))
    known = ", ".join(handlers) if handlers else "none"
    return f"Fix the name or add the handler (its handlers: {known})."
