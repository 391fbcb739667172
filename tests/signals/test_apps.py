"""What the signals app loads when Django is set up."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SETUP = textwrap.dedent(
    """
    import sys
    from django.conf import settings
    settings.configure(
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "channels", "djwire"],
        DJWIRE={"signal_workers": sys.argv[1]},
    )
    import django
    django.setup()
    from celery import current_app
    print("djwire.signals.process_task" in current_app.tasks)
    """
)


def _task_registered_after_setup(mode: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", _SETUP, mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_celery_mode_registers_the_task_when_django_is_set_up():
    # Regression: a `celery -A proj worker` discarded every signal as an unregistered task,
    # since autodiscover_tasks() imports <app>.tasks and the task lives in djwire.signals.celery.
    assert _task_registered_after_setup("celery") == "True"


def test_other_modes_do_not_load_celery_s_task():
    assert _task_registered_after_setup("thread") == "False"
