"""Pushing the banner of ``DemoView`` to every open page, from a command or a Celery task."""

from django.urls import URLPattern, URLResolver, get_resolver

from djwire import push_to_view

from .live import DemoView


def demo_views(patterns=None):
    """Every DemoView class the URLconf serves, in URL order: new demos are found, not listed."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found.extend(demo_views(pattern.url_patterns))
        elif isinstance(pattern, URLPattern):
            cls = getattr(pattern.callback, "view_class", None)
            if isinstance(cls, type) and issubclass(cls, DemoView) and cls not in found:
                found.append(cls)
    return found


def push_alert(text):
    """Set the banner of every open demo page to ``text`` ("" hides it); the classes reached."""
    views = demo_views()
    for view in views:
        # One push per view class: each process subscribed to that class gets it once from the
        # channel layer and hands it to all of its open pages.
        push_to_view(view, state={"alert": text})
    return views
