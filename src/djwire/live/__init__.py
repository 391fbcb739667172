"""Layer 4: LiveViews — server-rendered views patched over the socket."""

from djwire.live.forms import LiveFormMixin
from djwire.live.push import apush_to_view, push_to_view
from djwire.live.stateful import state
from djwire.live.view import LiveView

__all__ = ["LiveFormMixin", "LiveView", "apush_to_view", "push_to_view", "state"]
