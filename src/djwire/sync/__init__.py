"""Model-state channels: a DRF serializer's view of model instances, live in the browser.

RxDjango's API (docs/sync.md): port by changing ``rxdjango`` to ``djwire.sync`` in imports
(``djwire.sync.channels.ContextChannel``, ``djwire.sync.decorators.related_property``,
``djwire.sync.operations``). The most used names are here too, loaded on first use, so that
``djwire`` itself never needs Django REST framework installed.
"""

from __future__ import annotations

from djwire._lazy import lazy_names

_LAZY = {
    "CREATE": "djwire.sync.operations",
    "DELETE": "djwire.sync.operations",
    "SAVE": "djwire.sync.operations",
    "ActionError": "djwire.sync.exceptions",
    "BroadcastManager": "djwire.sync.managers",
    "BroadcastQuerySet": "djwire.sync.managers",
    "ContextChannel": "djwire.sync.channels",
    "action": "djwire.sync.actions",
    "consumer": "djwire.sync.consumers",
    "broadcast_queryset": "djwire.sync.managers",
    "related_property": "djwire.sync.decorators",
}

__all__ = sorted(_LAZY)


__getattr__ = lazy_names(__name__, _LAZY)
