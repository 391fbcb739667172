"""Templates compiled once into statics and dynamics (see compile.py), with their live region."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from django.template import engines
from django.template.base import Template

from djwire.live.template.compile import Block, compile_nodes
from djwire.live.template.readable import mark_readable
from djwire.live.template.region import RENDER_KEY, LiveTemplate, split_live_region

__all__ = ["RENDER_KEY", "CompiledTemplate", "compiled"]


@dataclass
class CompiledTemplate:
    live: LiveTemplate
    block: Block


_cache: weakref.WeakKeyDictionary[Template, CompiledTemplate] = weakref.WeakKeyDictionary()


def compiled(template_name: str) -> CompiledTemplate:
    """The compiled form of a template, made once per loaded template object.

    Keyed by the template Django's loaders return, so a template reloaded in development
    (a new object) is compiled again.
    """
    template = _django_template(template_name)
    found = _cache.get(template)
    if found is None:
        live = split_live_region(template)
        found = CompiledTemplate(live, compile_nodes(live.region))
        mark_readable(found.block)
        _cache[template] = found
    return found


def _django_template(template_name: str) -> Template:
    for engine in engines.all():
        backend_template = engine.get_template(template_name)
        inner = getattr(backend_template, "template", None)
        if isinstance(inner, Template):
            return inner
    raise ValueError(f"{template_name} is not a Django-language template (djwire needs one)")
