"""Signals to browser windows: encoded once, published to the groups of their topics.

A window listens to one channel-layer group per topic key (``djwire_signals.<key>``, with the
keys of djwire.pubsub.targets), plus a control group of its own through which the server changes
its topics while it is open. The payload is JSON, written once with the signal encoder
(``DJWIRE["signal_encoder"]``, df_websockets' ``WEBSOCKET_SIGNAL_ENCODER``): every window that
receives it gets those bytes framed, with no per-window serialization.
"""

from __future__ import annotations

import functools
import json
import secrets
from collections.abc import Iterable
from typing import Any

import orjson
from django.utils.module_loading import import_string

from djwire import conf
from djwire.pubsub import group_name, publish, window_target
from djwire.signals.protocol import SignalPayload

SCOPE = "djwire_signals"
CONTROL_SCOPE = "djwire_window"


def topic_group(key: str) -> str:
    """The group of the windows listening to the topic ``key``."""
    return group_name(SCOPE, key)


def control_group(window_key: str) -> str:
    """The group through which the server talks to one window (its topics change)."""
    return group_name(CONTROL_SCOPE, window_target(window_key).key)


def encode_signal(name: str, opts: dict[str, Any]) -> bytes:
    """The ``signal`` frame's payload for the browser, as JSON bytes."""
    payload = SignalPayload(signal=name, opts=opts, signal_id=secrets.token_hex(8))
    return _dumps(payload)


def encode_topics(keys: Iterable[str]) -> bytes:
    """A control message: the window now listens to ``keys`` (and only to them)."""
    return orjson.dumps({"topics": list(keys)})


async def publish_signal(keys: Iterable[str], name: str, opts: dict[str, Any]) -> None:
    """Send the signal ``name`` to every window listening to one of ``keys`` (once each)."""
    groups = [topic_group(key) for key in dict.fromkeys(keys)]
    if groups:
        await publish(groups, encode_signal(name, opts))


@functools.cache
def _encoder(path: str) -> json.JSONEncoder:
    encoder: type[json.JSONEncoder] = import_string(path)
    return encoder()


def _dumps(payload: Any) -> bytes:
    # orjson writes plain data in C; what it cannot write (dates, Decimal, lazy strings, ...)
    # goes to the configured encoder, as df_websockets' DjangoJSONEncoder would write it.
    encoder = _encoder(conf.get("signal_encoder"))
    return orjson.dumps(payload, default=encoder.default, option=orjson.OPT_PASSTHROUGH_DATETIME)
