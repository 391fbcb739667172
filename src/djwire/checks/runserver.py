"""djwire.S003: ``manage.py runserver`` would serve no WebSockets.

Django's own ``runserver`` (and that of ``django.contrib.staticfiles``) speaks WSGI: the page
renders, its socket gets a 404, and the client reconnects forever. daphne's ``runserver`` serves
the ASGI application, sockets included, but only when it wins: Django takes a command from the
first app in ``INSTALLED_APPS`` that has it, so ``"daphne"`` must come before every other app
with a ``runserver``, except djwire, whose ``runserver`` is daphne's (with ``--makefrontend``)
and may come first. Checked with ``DEBUG = True`` only: ``runserver`` is a development server,
and a deployment serves ``asgi.py`` with uvicorn or daphne itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core import checks

_SERVE_OTHERWISE = (
    "If you never use runserver (uvicorn mysite.asgi:application), silence djwire.S003."
)


def check_runserver(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """S003: daphne is not in ``INSTALLED_APPS``, or another app's ``runserver`` comes first."""
    if not settings.DEBUG:
        return []
    configs = list(apps.get_app_configs())
    names = [config.name for config in configs]
    if "daphne" not in names:
        return [
            checks.Warning(
                '"daphne" is not in INSTALLED_APPS: manage.py runserver serves no WebSockets, '
                "so every LiveView's socket gets a 404 and the page reconnects forever.",
                hint='Make it the first line: INSTALLED_APPS = ["daphne", ...] (djwire '
                "installs daphne). " + _SERVE_OTHERWISE,
                id="djwire.S003",
            )
        ]
    before = [
        c.name
        for c in configs[: names.index("daphne")]
        if c.name != _DAPHNES_OWN and _has_runserver(c)
    ]
    if not before:
        return []
    return [
        checks.Warning(
            f'"daphne" comes after {", ".join(repr(n) for n in before)} in INSTALLED_APPS, '
            "whose runserver wins: it serves no WebSockets, so every LiveView's socket gets a "
            "404 and the page reconnects forever.",
            hint='Move "daphne" to the first line: INSTALLED_APPS = ["daphne", ...]. '
            + _SERVE_OTHERWISE,
            id="djwire.S003",
        )
    ]


# djwire's runserver subclasses daphne's: it serves WebSockets wherever it is listed.
_DAPHNES_OWN = "djwire"


def _has_runserver(config: AppConfig) -> bool:
    return (Path(config.path) / "management" / "commands" / "runserver.py").exists()
