"""Checks of a LiveView's template: bindings that name no handler (djwire.V004), a page that
never loads the client (djwire.V009), a live region djwire cannot find (djwire.V010).

V004 is an error, except with ``DEBUG = True``: there it is a warning, so that ``runserver``
keeps serving (an error stops it, and fixing a template does not restart it); the page then
gets an ``unknown_handler`` error frame for the binding, and the binding is checked again,
logged, each time the template is loaded anew (``djwire.live.devcheck``).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.template.base import Template

from djwire.live.checks.services import view_name
from djwire.live.template.bindings import unknown_bindings
from djwire.live.template.region import split_live_region
from djwire.live.template.sources import template_sources
from djwire.live.view import LiveView

# {% djwire_scripts %}, or a page that loads the bundle itself ({% static "djwire/djwire.js" %}).
_LOADS_CLIENT = re.compile(r"{%\s*djwire_scripts\b|djwire/djwire(?:\.min)?\.js")


def check_bindings(cls: type[LiveView], template: Any) -> list[checks.CheckMessage]:
    """V004 for the bindings of ``template`` (a loaded template) and its literal includes."""
    level = checks.Warning if settings.DEBUG else checks.Error
    return [
        level(found.describe(cls), hint=found.hint, obj=cls, id="djwire.V004")
        for found in unknown_bindings(cls, template)
    ]


def check_scripts(cls: type[LiveView], template: Any) -> list[checks.CheckMessage]:
    """V009: neither the template nor what it extends or includes renders
    ``{% djwire_scripts %}``: the browser never loads the client and the page stays dead."""
    sources = template_sources(template, str(cls.template_name), extends=True)
    if not sources.complete or any(_LOADS_CLIENT.search(s.text) for s in sources.found):
        return []  # a template named by a variable may load it: no guess
    return [
        checks.Warning(
            f"{cls.template_name}: the page of {view_name(cls)} never renders "
            "{% djwire_scripts %} (nor does a template it extends or includes): the browser "
            "does not load djwire's client, so the page never connects and clicks do nothing.",
            hint="Put {% load djwire %} at the top of the page (or of the base template it "
            "extends) and {% djwire_scripts %} in its <head>.",
            obj=cls,
            id="djwire.V009",
        )
    ]


def check_root(cls: type[LiveView], template: Any) -> list[checks.CheckMessage]:
    """V010: the live region cannot be found, as the first request would say: no ``dj-root``
    under ``{% extends %}``, a ``dj-root`` opening tag built with variables or tags, a void or
    unclosed ``dj-root`` element."""
    inner = getattr(template, "template", template)
    if not isinstance(inner, Template):
        return []  # not Django's template language: V002 is not ours to give either
    try:
        split_live_region(inner)
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                f"{view_name(cls)}: {error}",
                hint="Mark the element that holds the live part with a static dj-root "
                "attribute: <div dj-root> (see docs/liveviews.md).",
                obj=cls,
                id="djwire.V010",
            )
        ]
    return []
