"""Bindings of a LiveView's template that name no ``@event_handler`` of the view.

Read by check ``djwire.V004`` and, with ``DEBUG``, again whenever the template is loaded anew
(``djwire.live.devcheck``). The view's template and the templates it includes by a literal
name are read; a binding whose value is computed (``dj-click="{{ action }}"``) is skipped, and
so is one on an element marked ``dj-nocheck`` (a page that calls a missing handler on purpose).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from djwire.decorators import is_event_handler
from djwire.live.template.sources import Source, template_sources

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


@dataclass(frozen=True)
class UnknownBinding:
    """``binding="name"`` at ``path:line`` names no handler of the view; ``hint`` is the fix."""

    path: str
    line: int
    binding: str
    name: str
    hint: str

    def describe(self, cls: type) -> str:
        """The problem in one line, as the check and the DEBUG log say it."""
        return (
            f'{self.path}:{self.line}: {self.binding}="{self.name}" names no @event_handler '
            f"of {cls.__module__}.{cls.__qualname__}."
        )


def unknown_bindings(cls: type, template: Any) -> list[UnknownBinding]:
    """The bindings of ``template`` (a loaded template) and its literal includes that name no
    ``@event_handler`` of ``cls``."""
    name = str(getattr(cls, "template_name", None) or "<template>")
    found: list[UnknownBinding] = []
    for source in template_sources(template, name).found:
        found.extend(_in_source(cls, source))
    return found


def _in_source(cls: type, source: Source) -> list[UnknownBinding]:
    text = source.text
    found: list[UnknownBinding] = []
    for match in _BINDING.finditer(text):
        binding = match.group(1)
        name = (match.group(2) if match.group(2) is not None else match.group(3)).strip()
        if not name or "{" in name:
            continue  # computed in the template: cannot be known here
        tag_start = text.rfind("<", 0, match.start())
        tag_end = text.find(">", match.end())
        if "dj-nocheck" in text[tag_start : tag_end if tag_end >= 0 else None]:
            continue
        if is_event_handler(getattr(cls, name, None)) and not name.startswith("_"):
            continue
        line = text.count("\n", 0, match.start()) + 1
        found.append(UnknownBinding(source.path, line, binding, name, _hint(cls, name)))
    return found


def _hint(cls: type, name: str) -> str:
    if callable(getattr(cls, name, None)):
        return f"Mark {cls.__qualname__}.{name} with @event_handler so a browser may call it."
    handlers = sorted(n for n in dir(cls) if is_event_handler(getattr(cls, n, None)))
    known = ", ".join(handlers) if handlers else "none"
    return f"Fix the name or add the handler (its handlers: {known})."
