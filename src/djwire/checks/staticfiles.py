"""djwire.S002: the client script of ``{% djwire_scripts %}`` has nothing to serve it.

The script is a static file of the djwire app (``djwire/djwire.js``). Django's staticfiles app
finds it (``runserver`` and ``get_asgi_application()`` serve it with ``DEBUG = True``,
``collectstatic`` copies it for production); without that app, or without ``STATIC_URL``, the
tag points at a URL nothing answers and no LiveView on the page connects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core import checks

_SERVE_OTHERWISE = (
    "or serve djwire's static file djwire/djwire.js at STATIC_URL yourself and silence djwire.S002."
)


def check_static_files(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """S002: ``{% djwire_scripts %}`` cannot be served (no staticfiles app, or no STATIC_URL)."""
    if not apps.is_installed("django.contrib.staticfiles"):
        return [
            checks.Warning(
                "django.contrib.staticfiles is not in INSTALLED_APPS: the script that "
                "{% djwire_scripts %} loads (djwire/djwire.js) is not served, and LiveViews "
                "do not connect.",
                hint='Add "django.contrib.staticfiles" to INSTALLED_APPS and set STATIC_URL '
                '(e.g. "static/"), ' + _SERVE_OTHERWISE,
                id="djwire.S002",
            )
        ]
    if not settings.STATIC_URL:
        return [
            checks.Warning(
                "STATIC_URL is not set: {% djwire_scripts %} cannot point at djwire/djwire.js.",
                hint='Set STATIC_URL (e.g. "static/"), ' + _SERVE_OTHERWISE,
                id="djwire.S002",
            )
        ]
    return []
