"""Layer 4: LiveViews — server-rendered views patched over the socket."""

from djwire.live.view import LiveView, state

__all__ = ["LiveView", "state"]
