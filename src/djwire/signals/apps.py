"""Signals plug into djwire when the app is ready: the ``sig:`` join kind, their checks, and
the discovery of ``<app>/signals.py`` and ``<app>/forms.py``, as in df_websockets."""

from __future__ import annotations


def ready() -> None:
    """Called by ``djwire.apps.DjwireConfig.ready()``."""
    from djwire.signals import checks
    from djwire.signals.join import join_window
    from djwire.signals.protocol import SIGNALS_TOPIC_PREFIX
    from djwire.signals.tasks import import_signals_and_functions
    from djwire.transport import register_join_kind

    register_join_kind(SIGNALS_TOPIC_PREFIX, join_window)
    checks.register()
    import_signals_and_functions()
