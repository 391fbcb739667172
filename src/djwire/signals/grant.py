"""The window token of a page whose view made it a signals window.

A stub on this branch: the signals server side replaces it with the real grant (it signs the
window's key and topics). Until then a test or a view may set ``request.djwire_window_token``.
"""

from __future__ import annotations

from django.http import HttpRequest


def window_token(request: HttpRequest) -> str | None:
    """The signed token ``{% djwire_scripts %}`` renders for ``request``'s page, or None if
    its view did not call ``set_websocket_topics(request, ...)``."""
    token: str | None = getattr(request, "djwire_window_token", None)
    return token
