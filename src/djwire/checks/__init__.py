"""System checks for djwire projects: ``python manage.py check --tag djwire``.

Every message has a stable id, listed with its fix in docs/checks.md. Each layer registers its
own: the settings here (``djwire.S001``: unknown keys in ``DJWIRE``; ``djwire.S002``: nothing
serves the script of ``{% djwire_scripts %}``; ``djwire.S003``: ``runserver`` serves no
WebSockets), the channel layers in ``djwire.pubsub.checks`` (``djwire.W001``, ``W002``),
LiveView classes in ``djwire.live.checks`` (``djwire.V001`` to ``V010``), signals in
``djwire.signals.checks`` (``djwire.G001`` to ``G005``).
"""

from __future__ import annotations

from django.core import checks

TAG = "djwire"


def register() -> None:
    """Register the settings checks with Django (done by the app's ``ready()``)."""
    from djwire.checks.runserver import check_runserver
    from djwire.checks.settings import check_djwire_setting
    from djwire.checks.staticfiles import check_static_files

    checks.register(check_djwire_setting, TAG)
    checks.register(check_static_files, TAG)
    checks.register(check_runserver, TAG)
