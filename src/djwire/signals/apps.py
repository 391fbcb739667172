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
    load_celery_task()


def load_celery_task() -> None:
    """In the ``celery`` mode, register the task ``djwire.signals.process_task`` with the
    project's Celery app: a worker's ``app.autodiscover_tasks()`` imports ``<app>.tasks`` only,
    so without this the worker discarded every signal as an unregistered task."""
    import importlib.util

    from djwire import conf

    # Without celery installed, check djwire.G002 says so rather than an ImportError here.
    if conf.get("signal_workers") == "celery" and importlib.util.find_spec("celery"):
        import djwire.signals.celery  # noqa: F401
