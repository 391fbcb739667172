"""The example's Celery app: ``celery -A example_project worker`` from the example/ directory.

The broker is the Redis server named by DJWIRE_EXAMPLE_REDIS (see settings.py); without it,
tasks run eagerly inside the process that queues them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")

app = Celery("example_project")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
