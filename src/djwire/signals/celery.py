"""The Celery task of the ``celery`` worker mode (``DJWIRE["signal_workers"] = "celery"``).

Run a worker for the queues of your signals: ``celery -A proj worker -Q celery,slow``. Its
app must be set up the usual way (``app.autodiscover_tasks()`` finds this task through the
``djwire`` app; or import ``djwire.signals.celery`` in your celery module).
"""

from __future__ import annotations

from typing import Any

from celery import shared_task  # type: ignore[import-untyped]

from djwire.signals.processing import run_in_worker


@shared_task(name="djwire.signals.process_task", ignore_result=True)  # type: ignore[untyped-decorator]
def server_signal_call(*args: Any) -> None:
    """Run a signal in a Celery worker."""
    run_in_worker(*args)
