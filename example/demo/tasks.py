"""Celery tasks of the demo: a worker process pushes to the pages that the servers hold."""

from celery import shared_task

from .alerts import push_alert


@shared_task(name="demo.tasks.announce")
def announce(text):
    """Show ``text`` as a banner on every open demo page; returns how many view classes."""
    return len(push_alert(text))
