# Loaded with Django so that @shared_task uses the example's Celery app and its broker.
from .celery import app as celery_app

__all__ = ["celery_app"]
