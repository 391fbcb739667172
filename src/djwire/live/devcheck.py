"""With ``DEBUG = True``, what the first render of a page tells the developer in the log.

- A page rendered without djwire's client (``{% djwire_scripts %}`` missing): the page would
  stay dead with no hint in the browser, so every such render logs a warning naming the fix
  (check ``djwire.V009`` says it at ``check`` time when it can see the whole page).
- Bindings that name no handler (check ``djwire.V004``): checked again whenever the template is
  loaded anew, so that a template fixed while ``runserver`` runs is judged on its new text
  without restarting anything (Django reloads an edited template, djwire compiles it again).
"""

from __future__ import annotations

import logging
import re
import weakref

from django.template.base import Template

from djwire.live.template import CompiledTemplate
from djwire.live.template.bindings import unknown_bindings

logger = logging.getLogger("djwire.live")

# What {% djwire_scripts %} writes (data-dj-socket), or a page loading the bundle itself.
_CLIENT = re.compile(r"data-dj-socket|djwire(?:\.min)?\.js")

# The classes each compiled page was checked for; a reloaded template is compiled anew.
_checked: weakref.WeakKeyDictionary[Template, set[type]] = weakref.WeakKeyDictionary()


def check_render(cls: type, template: CompiledTemplate, html: str) -> None:
    """Log what is wrong with this render of ``cls`` (call it with ``DEBUG`` on only)."""
    if not _CLIENT.search(html):
        logger.warning(
            "%s: the page of %s.%s has no djwire script, so it never connects and clicks do "
            "nothing (djwire.V009). Put {%% load djwire %%} at the top of the page (or of the "
            "base template it extends) and {%% djwire_scripts %%} in its <head>.",
            template.live.name,
            cls.__module__,
            cls.__qualname__,
        )
    seen = _checked.setdefault(template.live.page, set())
    if cls in seen:
        return
    seen.add(cls)
    for found in unknown_bindings(cls, template.live.page):
        logger.warning(
            "%s (djwire.V004) %s Clicking it gets an unknown_handler error.",
            found.describe(cls),
            found.hint,
        )
