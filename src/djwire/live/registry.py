"""The LiveView classes a join may name: those this process serves over HTTP.

A join token names its view by dotted path. The socket side never imports that name (a token
signed with a leaked key could then make the server import any module): it looks the path up
here. A class is served once ``as_view()`` (or ``live_session()``) has built its Django view,
which loading the URLconf does for every routed view; ``resume.py`` looks a path not found
here up in the URLconf itself (``providers.routed_view``).
"""

from __future__ import annotations

from djwire.live.stateful import StatefulView, view_path

_served: dict[str, type[StatefulView]] = {}


def serve(cls: type[StatefulView]) -> None:
    """Let joins name ``cls`` (called when its Django view is built)."""
    _served[view_path(cls)] = cls


def served_view(path: str) -> type[StatefulView] | None:
    """The served LiveView class named ``path``, or None: nothing is imported by this name."""
    return _served.get(path)
