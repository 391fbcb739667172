"""Triggering signals: ``trigger``/``atrigger`` to the server and to browser windows by topic.

df_websockets' names and behaviour, with its flaws fixed: ``trigger`` may be called from sync
and async code alike (df_websockets raises inside a running event loop), ``atrigger`` is the
async twin, delays work in every worker mode and reach the browser, ``SESSION`` reaches every
window of a session, and a signal nobody handles is logged, not silently dropped.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async

from djwire._discovery import import_app_modules
from djwire.pubsub import publish
from djwire.signals import workers
from djwire.signals._run import run_soon
from djwire.signals.decorators import REGISTERED_SIGNALS, DynamicQueueName
from djwire.signals.delivery import control_group, encode_topics, publish_signal
from djwire.signals.grant import grant_window
from djwire.signals.processing import process_task
from djwire.signals.topics import (
    BROADCAST,
    SERVER,
    SESSION,
    SYNC,
    USER,
    WINDOW,
    default_window_topics,
    topic_key,
)
from djwire.signals.window_info import WindowInfo
from djwire.transport.binding import page_binding

__all__ = [
    "BROADCAST",
    "SERVER",
    "SESSION",
    "SYNC",
    "USER",
    "WINDOW",
    "atrigger",
    "atrigger_signal",
    "get_expected_queues",
    "import_signals_and_functions",
    "process_task",
    "set_websocket_topics",
    "trigger",
    "trigger_signal",
]

logger = logging.getLogger("djwire.signals")


# -- topics of a window ---------------------------------------------------------------------


def set_websocket_topics(request_or_window: Any, *topics: Any) -> None:
    """Make the page a window listening to ``topics`` (plus WINDOW, BROADCAST, USER when
    logged in, and SESSION: the page's session, or for an anonymous browser with none, every
    tab of that browser), or, given a WindowInfo, change the topics of that open window.

    In a view: ``set_websocket_topics(request, note, "room-5")``, and ``{% djwire_scripts %}``
    on the page; a list of topics is accepted too, as df_websockets' examples pass one.
    """
    flat = _flatten(topics)
    if not isinstance(request_or_window, WindowInfo):
        # What the window's token is bound to, first: the session made for the page (when
        # there is no CSRF cookie to bind an anonymous page to), or the CSRF secret given
        # to a new browser, is what SESSION names.
        page_binding(request_or_window)
    window_info = WindowInfo.from_request(request_or_window)
    keys = list(default_window_topics(window_info))
    keys += [k for k in (topic_key(window_info, topic) for topic in flat) if k is not None]
    if isinstance(request_or_window, WindowInfo):
        if window_info.window_key is None:
            raise ValueError(
                "set_websocket_topics(window_info, ...) changes the topics of an open window: "
                "give it the window_info a signal received"
            )
        group = control_group(window_info.window_key)
        run_soon(publish, [group], encode_topics(keys))
    else:
        grant_window(request_or_window, keys)


def _flatten(topics: Iterable[Any]) -> list[Any]:
    flat: list[Any] = []
    for topic in topics:
        if isinstance(topic, list | tuple | set | frozenset):
            flat.extend(topic)
        else:
            flat.append(topic)
    return flat


# -- triggering -----------------------------------------------------------------------------


@dataclass
class _Plan:
    name: str
    window_info: WindowInfo
    kwargs: dict[str, Any]
    to_server: bool
    to_sync: bool
    keys: list[str]
    delay: float | None
    expires_at: float | None
    from_client: bool

    def signal_args(self, queue: str, to_server: bool, client_keys: list[str] | None) -> list[Any]:
        return [
            self.name,
            self.window_info.to_dict(),
            self.kwargs,
            self.from_client,
            client_keys,
            to_server,
            queue,
        ]


def trigger(origin: Any, signal_name: str, to: Any = None, **kwargs: Any) -> None:
    """Trigger ``signal_name`` with ``kwargs`` on the server and/or in browser windows.

    ``origin`` is a request, a WindowInfo or None; ``to`` is SERVER, SYNC, WINDOW, USER,
    SESSION, BROADCAST, an object (a model instance, a string topic) or a list of those, and
    None means USER, as in df_websockets. Safe in sync and async code.
    """
    trigger_signal(origin, signal_name, to=to, kwargs=kwargs)


async def atrigger(origin: Any, signal_name: str, to: Any = None, **kwargs: Any) -> None:
    """The async twin of :func:`trigger`: the browser part is published before it returns."""
    await atrigger_signal(origin, signal_name, to=to, kwargs=kwargs)


def trigger_signal(
    origin: Any,
    signal_name: str,
    to: Any = None,
    kwargs: dict[str, Any] | None = None,
    countdown: float | None = None,
    expires: float | dt.datetime | None = None,
    eta: dt.datetime | None = None,
) -> None:
    """:func:`trigger` with delays: ``countdown`` seconds or at ``eta``, not run after
    ``expires`` (seconds or a datetime). Delays reach browser windows too."""
    plan = _plan(origin, signal_name, to, kwargs, countdown, expires, eta)
    if plan.to_sync:
        _run_sync(plan)
    _dispatch(plan)
    if plan.keys and not plan.delay:
        run_soon(_call_ws_signal, plan.name, plan.keys, plan.kwargs)


async def atrigger_signal(
    origin: Any,
    signal_name: str,
    to: Any = None,
    kwargs: dict[str, Any] | None = None,
    countdown: float | None = None,
    expires: float | dt.datetime | None = None,
    eta: dt.datetime | None = None,
) -> None:
    """The async twin of :func:`trigger_signal`."""
    plan = _plan(origin, signal_name, to, kwargs, countdown, expires, eta)
    if plan.to_sync:
        await sync_to_async(_run_sync)(plan)
    _dispatch(plan)
    if plan.keys and not plan.delay:
        await _call_ws_signal(plan.name, plan.keys, plan.kwargs)


def trigger_from_client(
    window_info: WindowInfo,
    signal_name: str,
    kwargs: dict[str, Any],
    countdown: float | None = None,
) -> None:
    """A call from a browser window, already checked by the window's join: run it on the
    server (``countdown`` seconds later when the signal lets the browser choose)."""
    plan = _Plan(signal_name, window_info, kwargs, True, False, [], countdown, None, True)
    _dispatch(plan)


def _plan(
    origin: Any,
    name: str,
    to: Any,
    kwargs: dict[str, Any] | None,
    countdown: float | None,
    expires: float | dt.datetime | None,
    eta: dt.datetime | None,
) -> _Plan:
    if not isinstance(name, str) or not name:
        raise ValueError(f"trigger needs the signal's name, not {name!r}")
    window_info = WindowInfo.from_request(origin)
    targets = [USER] if to is None else _flatten([to])
    keys: list[str] = []
    for target in targets:
        if target is SERVER or target is SYNC:
            continue
        key = topic_key(window_info, target)
        if key is None:
            logger.debug("signal %s: %r names no window here; not sent to it", name, target)
        else:
            keys.append(key)
    now = time.time()
    delay = countdown
    if eta is not None:
        delay = max(0.0, eta.timestamp() - now)
    expires_at = None
    if isinstance(expires, dt.datetime):
        expires_at = expires.timestamp()
    elif expires is not None:
        expires_at = now + float(expires)
    return _Plan(
        name,
        window_info,
        dict(kwargs or {}),
        any(t is SERVER for t in targets),
        any(t is SYNC for t in targets),
        list(dict.fromkeys(keys)),
        float(delay) if delay else None,
        expires_at,
        False,
    )


def _dispatch(plan: _Plan) -> None:
    if plan.to_server:
        queues = queues_of(plan.name, plan.window_info, plan.kwargs)
        if not queues:
            logger.warning("signal %s was sent to SERVER, but no @signal has that name", plan.name)
        for queue in queues:
            call_task(queue, plan.signal_args(queue, True, None), plan.delay, plan.expires_at)
    if plan.keys and plan.delay:
        # The browser part waits too: the worker of the default queue publishes it when due.
        queue = workers.default_queue()
        args = plan.signal_args(queue, False, plan.keys)
        call_task(queue, args, plan.delay, plan.expires_at)


def _run_sync(plan: _Plan) -> None:
    for queue in queues_of(plan.name, plan.window_info, plan.kwargs):
        process_task(*plan.signal_args(queue, True, None))


def queues_of(name: str, window_info: WindowInfo, kwargs: dict[str, Any]) -> list[str]:
    """The queues of the server functions of ``name``, in order, once each."""
    connections = REGISTERED_SIGNALS.get(name, [])
    return list(dict.fromkeys(c.get_queue(window_info, kwargs) for c in connections))


# -- patch points (djwire.signals.testing.SignalQueue replaces these) ---------------------------


def call_task(
    queue: str, signal_args: list[Any], delay: float | None, expires_at: float | None
) -> None:
    """Hand ``signal_args`` to the worker of ``queue``."""
    workers.submit(queue, signal_args, delay, expires_at)


async def _call_ws_signal(signal_name: str, keys: list[str], kwargs: dict[str, Any]) -> None:
    """Publish a signal to the windows of ``keys``, now (async, as df_websockets' was)."""
    await publish_signal(keys, signal_name, kwargs)


# -- discovery ----------------------------------------------------------------------------------


@functools.cache
def import_signals_and_functions() -> None:
    """Import ``<app>.signals`` and ``<app>.forms`` of every installed app, where signals live."""
    import_app_modules("signals", "forms")


def get_expected_queues() -> set[str]:
    """Every queue a registered signal may use (for starting workers)."""
    queues: set[str] = set()
    for connections in REGISTERED_SIGNALS.values():
        for connection in connections:
            queue = connection.queue
            if isinstance(queue, DynamicQueueName):
                queues |= set(queue.get_available_queues())
            elif isinstance(queue, str):
                queues.add(queue)
            else:
                queues.add(workers.default_queue())
    return queues
