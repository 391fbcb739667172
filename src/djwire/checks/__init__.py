"""System checks for djwire projects: ``python manage.py check --tag djwire``.

Every message has a stable id, listed with its fix in docs/checks.md:

- ``djwire.V001`` to ``V008``: LiveView classes (template, ``mount`` signature, bindings in the
  template, handler signatures, service objects and non-primitive values in public state);
- ``djwire.S001``: unknown keys in the ``DJWIRE`` setting;
- ``djwire.S002``: nothing serves the script of ``{% djwire_scripts %}`` (no staticfiles app);
- ``djwire.W001``: a Redis channel layer that drops idle consumers.
"""

from __future__ import annotations

from django.core import checks

TAG = "djwire"


def register() -> None:
    """Register djwire's checks with Django (done by the app's ``ready()``)."""
    from djwire.checks.settings import check_channel_layers, check_djwire_setting
    from djwire.checks.staticfiles import check_static_files
    from djwire.checks.views import check_live_views

    checks.register(check_djwire_setting, TAG)
    checks.register(check_channel_layers, TAG)
    checks.register(check_static_files, TAG)
    checks.register(check_live_views, TAG)
