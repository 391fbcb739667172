"""``LiveView``: a view class whose public attributes are state and whose page stays live."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse

from djwire.live.http import view_function
from djwire.live.stateful import StatefulView, state

__all__ = ["LiveView", "state"]


class LiveView(StatefulView):
    """A server-rendered view patched over a WebSocket.

    Write ``template_name``, ``mount(request, **kwargs)`` and methods marked with
    ``@event_handler``. Public attributes (and ``state(...)`` declarations) are the state;
    attributes starting with ``_`` are private: never sent, saved or settable from a browser.
    """

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., HttpResponse]:
        """The Django view serving the first render over HTTP: ``path("x/", V.as_view())``."""
        for key in initkwargs:
            if not hasattr(cls, key):
                raise TypeError(f"{cls.__name__}.as_view() got {key!r}, which is not an attribute")
        return view_function(cls, initkwargs)
