"""djwire: the real-time layer for Django.

``LiveView`` and ``state`` are the LiveView API (``LiveFormMixin`` adds a Django form),
``push_to_view``/``apush_to_view`` update connected views from anywhere;
``djwire.decorators.event_handler`` marks methods a browser may call; ``djwire.routing``
wires the socket into asgi.py.

The names are loaded on first use (PEP 562), so ``import djwire.transport`` or
``import djwire.testing`` loads nothing of the LiveView layer, nor Django's models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from djwire._lazy import lazy_names

if TYPE_CHECKING:
    from djwire.live import LiveFormMixin, LiveView, apush_to_view, push_to_view, state

__all__ = ["LiveFormMixin", "LiveView", "apush_to_view", "push_to_view", "state"]
__version__ = "0.1.0"

_LAZY = {name: "djwire.live" for name in __all__}


__getattr__ = lazy_names(__name__, _LAZY)
