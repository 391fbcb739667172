"""makefrontend's settings: ``DJWIRE["frontend_dir"]`` and ``DJWIRE["frontend_websocket_url"]``
(RxDjango's ``RX_FRONTEND_DIR`` and ``RX_WEBSOCKET_URL`` read when they are not set)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from djwire import conf

_SCHEMES = {"http://": "ws://", "https://": "wss://"}


def frontend_dir() -> Path:
    """Where the files go; a relative path is taken from ``settings.BASE_DIR`` (else from the
    current directory), so the command writes the same files wherever it is run from."""
    value = conf.get("frontend_dir")
    if not value:
        raise ImproperlyConfigured(
            'makefrontend needs DJWIRE["frontend_dir"] (or RxDjango\'s RX_FRONTEND_DIR): the '
            'folder of your front end\'s generated sources, e.g. "frontend/src/generated"'
        )
    path = Path(_unquoted(str(value)))
    base = getattr(settings, "BASE_DIR", None)
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    return path


def socket_url() -> str | None:
    """The URL of djwire's socket for the generated channels, or None for the page's own
    origin: ``frontend_websocket_url`` (quoted or not, as RxDjango's setting was written;
    http(s) as ws(s)) joined to ``socket_path`` with exactly one slash."""
    value = conf.get("frontend_websocket_url")
    if not value:
        return None
    base = _unquoted(str(value))
    for http, ws in _SCHEMES.items():
        if base.startswith(http):
            base = ws + base[len(http) :]
    if not base.startswith(("ws://", "wss://")):
        raise ImproperlyConfigured(
            f'DJWIRE["frontend_websocket_url"] is {value!r}; give the server\'s URL, '
            f'"wss://example.com" (or ws://, http://, https://)'
        )
    path = str(conf.get("socket_path"))
    return base.rstrip("/") + "/" + path.lstrip("/")


def _unquoted(value: str) -> str:
    # RxDjango pasted RX_WEBSOCKET_URL into the TypeScript as is, so its users wrote it with
    # quotes inside ("'ws://localhost:8000'"): accept both.
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"`":
        text = text[1:-1].strip()
    return text
