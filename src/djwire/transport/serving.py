"""Whether this process serves djwire's WebSockets.

A push with the in-memory channel layer reaches only the sockets of the process that sends it.
A process counts as serving sockets once it built djwire's ASGI application
(``djwire.routing.get_asgi_application()``: uvicorn, daphne and ``runserver`` with daphne all
do, when they load ``asgi.py``) or accepted a socket (a project that routes
``djwire.routing.websocket_urlpatterns`` itself). A shell, a management command or a Celery
worker does neither, so ``djwire.pubsub.publish`` can tell that its push reaches no browser.
"""

from __future__ import annotations

_serving = False


def mark_serving_sockets() -> None:
    """Record that this process serves djwire's WebSockets."""
    global _serving
    _serving = True


def serves_sockets() -> bool:
    """True once this process built djwire's ASGI application or accepted a socket."""
    return _serving
