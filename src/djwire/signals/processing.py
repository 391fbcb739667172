"""Running a signal where a worker runs it: its server functions, and a delayed browser part."""

from __future__ import annotations

import logging
from typing import Any

from django.db import close_old_connections

from djwire import codec
from djwire.signals._run import run_soon
from djwire.signals.decorators import REGISTERED_SIGNALS
from djwire.signals.delivery import publish_signal
from djwire.signals.window_info import WindowInfo, middlewares
from djwire.transport.callables import BadParams

logger = logging.getLogger("djwire.signals")

# A worker in another process receives the arguments as the codec wrote them, so that dates,
# Decimals and model instances keep their types (df_websockets' Celery mode sent plain JSON
# and failed on them).
_PACKED = "$codec"


def pack_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` as JSON-able data for a worker in another process."""
    return {_PACKED: codec.encode(kwargs).decode()}


def unpack_kwargs(kwargs: Any) -> dict[str, Any]:
    """What :func:`pack_kwargs` wrote, back; plain dicts pass as they are."""
    if isinstance(kwargs, dict) and set(kwargs) == {_PACKED}:
        value: dict[str, Any] = codec.decode(kwargs[_PACKED])
        return value
    return dict(kwargs or {})


def process_task(
    signal_name: str,
    window_info_dict: dict[str, Any],
    kwargs: Any = None,
    from_client: bool = False,
    serialized_client_topics: list[str] | None = None,
    to_server: bool = False,
    queue: str | None = None,
) -> None:
    """Run a signal where a worker runs it: its server functions on ``queue``, and the
    browser part that waited for a delay. Nothing raised here stops the worker."""
    kwargs = unpack_kwargs(kwargs)
    window_info = WindowInfo.from_dict(window_info_dict)
    for middleware in middlewares():
        middleware.before_process(window_info)  # e.g. activate the window's language
    if serialized_client_topics:
        run_soon(publish_signal, serialized_client_topics, signal_name, kwargs)
    if not to_server:
        return
    for connection in REGISTERED_SIGNALS.get(signal_name, []):
        if connection.get_queue(window_info, kwargs) != queue:
            continue
        if from_client and not connection.is_allowed_to(connection, window_info, kwargs):
            logger.warning("signal %s refused to window %s", signal_name, window_info.window_key)
            continue
        try:
            checked = connection.check(kwargs)
        except BadParams as error:
            logger.warning("signal %s not run: %s", signal_name, error)
            continue
        try:
            connection(window_info, **checked)
        except Exception:
            logger.exception(
                "signal %s (%s) raised, for window %s",
                signal_name,
                connection.function_path,
                window_info.window_key,
            )


def run_in_worker(*signal_args: Any) -> None:
    """:func:`process_task` in a worker: a worker thread lives long, so, like a request, a
    signal starts and ends with the stale database connections of its thread closed."""
    close_old_connections()
    try:
        process_task(*signal_args)
    finally:
        close_old_connections()
