"""djwire: the real-time layer for Django.

``LiveView`` and ``state`` are the LiveView API, ``push_to_view``/``apush_to_view`` update
connected views from anywhere; ``djwire.decorators.event_handler`` marks
methods a browser may call; ``djwire.routing`` wires the socket into asgi.py.
"""

from djwire.live import LiveView, apush_to_view, push_to_view, state

__all__ = ["LiveView", "apush_to_view", "push_to_view", "state"]
__version__ = "0.1.0"
