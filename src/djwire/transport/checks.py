"""djwire.T001: the server in front of djwire reads frames larger than djwire accepts.

djwire refuses a frame over ``DJWIRE["max_message_bytes"]`` before parsing it, but the server
(uvicorn, daphne) has decompressed and buffered it by then: with uvicorn's default of 16 MiB,
twenty 15 MiB permessage-deflate frames cost 600 MB. The byte limit must be enforced where
the frame is read, so the server's own limit must not be larger than djwire's:

- uvicorn: ``--ws-max-size`` (or ``UVICORN_WS_MAX_SIZE``), default 16 MiB;
- daphne: ``--websocket-max-message-size``, default 1 MiB; under ``manage.py runserver`` the
  setting ``DAPHNE_WEBSOCKET_MAX_MESSAGE_SIZE``, default 1 MiB.

The check runs with Django's checks (``runserver``, ``check``) and when
``djwire.routing.get_asgi_application()`` starts under uvicorn or daphne, which run no checks:
then its warning is logged.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

from djwire import conf
from djwire.checks import TAG

_UVICORN_DEFAULT = 16 * 1024 * 1024
_DAPHNE_DEFAULT = 1024 * 1024


def _option(argv: Sequence[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _runs(argv: Sequence[str], program: str) -> bool:
    """True when this process is ``program`` (its script, or ``python -m program``)."""
    first = argv[0] if argv else ""
    return os.path.basename(first) == program or first.endswith(f"{program}/__main__.py")


def server_limit(
    argv: Sequence[str] | None = None, environ: dict[str, str] | None = None
) -> tuple[str, int, str] | None:
    """The server this process runs as, its largest WebSocket message in bytes (0: none)
    and the option that sets it; None for a server djwire cannot see (gunicorn...)."""
    argv = list(sys.argv if argv is None else argv)
    environ = dict(os.environ if environ is None else environ)
    if _runs(argv, "uvicorn"):
        value = _option(argv, "--ws-max-size") or environ.get("UVICORN_WS_MAX_SIZE")
        return "uvicorn", int(value) if value else _UVICORN_DEFAULT, "--ws-max-size"
    if _runs(argv, "daphne"):
        value = _option(argv, "--websocket-max-message-size")
        return "daphne", int(value) if value else _DAPHNE_DEFAULT, "--websocket-max-message-size"
    if "runserver" in argv[1:2] and "daphne" in settings.INSTALLED_APPS:
        setting: Any = getattr(settings, "DAPHNE_WEBSOCKET_MAX_MESSAGE_SIZE", _DAPHNE_DEFAULT)
        return "runserver (daphne)", int(setting), "settings.DAPHNE_WEBSOCKET_MAX_MESSAGE_SIZE"
    return None


def check_server_limit(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """T001: the server reads WebSocket messages larger than ``DJWIRE["max_message_bytes"]``."""
    found = server_limit()
    if found is None:
        return []
    server, limit, option = found
    ours: int = conf.get("max_message_bytes")
    if 0 < limit <= ours:
        return []
    size = "no limit" if limit == 0 else f"{limit} bytes"
    return [
        checks.Warning(
            f"{server} reads WebSocket messages up to {size}, more than "
            f"DJWIRE['max_message_bytes'] ({ours}): oversized frames are decompressed and "
            "buffered before djwire refuses them.",
            hint=f"Set {option} to {ours} (docs/reliability.md).",
            id="djwire.T001",
        )
    ]


def register() -> None:
    """Register T001 with Django's checks (done by the app's ``ready()``)."""
    checks.register(check_server_limit, TAG)
