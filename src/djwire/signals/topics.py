"""The special topics of signals (df_websockets' names) and how objects become topic keys.

``SERVER`` and ``SYNC`` are not topics but destinations: the server's functions, run by the
workers (``SERVER``) or at once in the calling thread (``SYNC``). ``WINDOW`` is the window a
signal came from, ``USER`` every window of its user, ``SESSION`` every window of its Django
session, ``BROADCAST`` every window. Any other object is named by the topic serializer
(``DJWIRE["signal_topic_serializer"]``, df_websockets' ``WEBSOCKET_TOPIC_SERIALIZER``), by
default the targets vocabulary every capability of djwire shares (djwire.pubsub.targets):
``app.model.pk`` for a model instance, so a signal to a note reaches the same recipients'
group as ``push_to_view(..., to=note)``.

=================================  =================================  ======================
topic                              key                                example
=================================  =================================  ======================
``WINDOW``                         the window's                       ``window.Xy3-…``
``USER``                           the user's instance key            ``auth.user.5``
``SESSION``                        the session's (hashed) key         ``session.9f86d0…``
``BROADCAST``                      everyone                           ``all``
``Session(session_key)``           that session's                     ``session.1b4f0e…``
a string                           a string topic                     ``key.room-5``
a saved model instance             its instance key                   ``notes.note.3``
a class                            ``class.<module>.<qualname>``      ``class.notes.Note``
an int                             ``int.<n>``                        ``int.42``
a float, Decimal, UUID, date, ...  ``<type>.<sha256 of its repr>``    ``UUID.6f1e…``
a tuple or frozenset of topics     ``<type>.<sha256 of item keys>``   ``tuple.0c3a…``
=================================  =================================  ======================

Every key is the same in every process (nothing uses ``hash()``). Objects whose text is not
stable (the default ``repr`` holds a memory address), lists and dicts are refused with a
TypeError, as are ``SERVER`` and ``SYNC``, which are destinations, not topics.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import hashlib
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.module_loading import import_string

from djwire import conf
from djwire.pubsub.targets import (
    EVERYONE,
    Target,
    instance_key,
    session_target,
    target_key,
    window_target,
)
from djwire.signals.window_info import Session, WindowInfo


class Constant:
    """A special topic; its ``repr`` is its name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


SERVER = Constant("SERVER")
SYNC = Constant("SYNC")
WINDOW = Constant("WINDOW")
USER = Constant("USER")
SESSION = Constant("SESSION")
BROADCAST = Constant("BROADCAST")


# Values whose repr is the same in every process and names the value.
_STABLE_SCALARS = (float, decimal.Decimal, uuid.UUID, dt.date, dt.time, dt.timedelta, enum.Enum)


def serialize_topic(window_info: WindowInfo | None, obj: Any) -> str | None:
    """The topic key of ``obj`` for ``window_info``'s window, or None when it names nobody
    (``WINDOW`` without a window, ``USER`` of an anonymous window, no session).

    The default ``DJWIRE["signal_topic_serializer"]``; the table of the module says what each
    object becomes.
    """
    if obj is SERVER or obj is SYNC:
        raise TypeError(f"{obj!r} is a destination of trigger(to=...), not a topic")
    if obj is WINDOW:
        key = window_info.window_key if window_info is not None else None
        return window_target(key).key if key else None
    if obj is USER:
        if window_info is None or not window_info.is_authenticated or window_info.user_pk is None:
            return None
        return instance_key(get_user_model()._meta.label_lower, window_info.user_pk)
    if obj is SESSION:
        return window_info.session_target if window_info is not None else None
    if obj is BROADCAST:
        return EVERYONE.key
    if isinstance(obj, Constant):
        raise TypeError(f"{obj!r} is not a topic djwire knows")
    if isinstance(obj, Session):
        return session_target(obj.key).key if obj.key else None
    if isinstance(obj, type):  # before models: a model class has _meta too
        return f"class.{obj.__module__}.{obj.__qualname__}"
    if isinstance(obj, Target | str) or hasattr(obj, "_meta"):
        return target_key(obj)
    return _value_key(obj)


def _value_key(obj: Any) -> str:
    kind = type(obj).__qualname__
    if isinstance(obj, int) and not isinstance(obj, bool | enum.Enum):
        return f"int.{obj}"
    if isinstance(obj, (bool, *_STABLE_SCALARS)):
        text = repr(obj)
    elif isinstance(obj, tuple):
        text = "(" + ",".join(_item_key(item) for item in obj) + ")"
    elif isinstance(obj, frozenset):
        # Sorted: a frozenset's iteration order changes with PYTHONHASHSEED.
        text = "{" + ",".join(sorted(_item_key(item) for item in obj)) + "}"
    else:
        raise TypeError(
            f"{obj!r} cannot be a topic: its text is not the same in every process. Use a "
            "string, a saved model instance, a number, a tuple of those, or set "
            "DJWIRE['signal_topic_serializer'] to a function that names it."
        )
    return f"{kind}.{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def _item_key(item: Any) -> str:
    key = serialize_topic(None, item)
    if key is None:
        raise TypeError(f"{item!r} cannot be part of a topic")
    return key


def topic_key(window_info: WindowInfo | None, obj: Any) -> str | None:
    """The key of ``obj`` by the configured serializer (``DJWIRE["signal_topic_serializer"]``,
    df_websockets' ``WEBSOCKET_TOPIC_SERIALIZER``), by default ``serialize_topic``."""
    serializer = _serializer(conf.get("signal_topic_serializer"))
    key: str | None = serializer(window_info, obj)
    return key


@functools.cache
def _serializer(path: str) -> Any:
    return import_string(path)


def default_window_topics(window_info: WindowInfo | None) -> list[str]:
    """The topic keys every window listens to: its own (WINDOW), everyone (BROADCAST), its
    user's (USER) when signed in, and its session's (SESSION) when it has one."""
    keys = (topic_key(window_info, topic) for topic in (WINDOW, BROADCAST, USER, SESSION))
    return list(dict.fromkeys(key for key in keys if key is not None))
