"""The Celery task of the ``celery`` worker mode (``DJWIRE["signal_workers"] = "celery"``).

Run a worker for the queues of your signals: ``celery -A proj worker -Q celery,slow``. Its
app is set up the usual way (``app.config_from_object("django.conf:settings", ...)``): when
Django is set up in the worker, djwire imports this module, whose ``@shared_task`` joins the
project's app (``autodiscover_tasks()`` alone would not find it: it imports ``<app>.tasks``).
"""

from __future__ import annotations

from typing import Any

from celery import shared_task  # type: ignore[import-untyped]

from djwire.signals.processing import run_in_worker


@shared_task(name="djwire.signals.process_task", ignore_result=True)  # type: ignore[untyped-decorator]
def server_signal_call(*args: Any) -> None:
    """Run a signal in a Celery worker."""
    run_in_worker(*args)
