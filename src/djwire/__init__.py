"""djwire: the real-time layer for Django.

``LiveView`` and ``state`` are the LiveView API; ``djwire.decorators.event_handler`` marks
methods a browser may call; ``djwire.routing`` wires the socket into asgi.py.
"""

from djwire.live import LiveView, state

__all__ = ["LiveView", "state"]
__version__ = "0.1.0"
