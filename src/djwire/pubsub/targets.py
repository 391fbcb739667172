"""Who a message is for, in one vocabulary shared by every capability.

A push to a LiveView, a signal to browser windows and a model-state broadcast all name their
recipients the same way, and each recipient is turned into a *key*: a short text that is the
same in every process (no ``hash()``, whose value changes with PYTHONHASHSEED), so that a Celery
worker and a web process reach the same channel-layer group.

=====================  ==========================  =====================================
recipient              key                         example
=====================  ==========================  =====================================
a saved model instance ``<app>.<model>.<pk>``      ``notes.note.3``
a user                 the same, of its model      ``auth.user.5``
a Django session       ``session.<hash of key>``   ``session.9f86d081884c7d659a2feaa0``
a browser window       ``window.<id>``             ``window.a1b2c3``
a string topic         ``key.<text>``              ``key.room-5``
everyone               ``all``                     ``all``
=====================  ==========================  =====================================

A session key is never put in a group name (group names are visible in Redis): it is hashed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

EVERYONE_KEY = "all"


@dataclass(frozen=True)
class Target:
    """A recipient already turned into its key (``session_target()``, ``window_target()``)."""

    key: str


EVERYONE = Target(EVERYONE_KEY)


def session_target(session_key: str) -> Target:
    """Every window of one Django session."""
    if not isinstance(session_key, str) or not session_key:
        raise ValueError("a session target needs the session's key (request.session.session_key)")
    return Target("session." + hashlib.sha256(session_key.encode()).hexdigest()[:24])


def window_target(window_id: str) -> Target:
    """One browser window (one page's socket)."""
    if not isinstance(window_id, str) or not window_id:
        raise ValueError("a window target needs the window's id")
    return Target(f"window.{window_id}")


def instance_key(label_lower: str, pk: Any) -> str:
    """The key of the instance ``pk`` of the model ``label_lower`` (``"notes.note"``)."""
    return f"{label_lower}.{pk}"


def target_key(to: Any) -> str:
    """The key of one recipient: a model instance or user, a string topic, or a Target."""
    if isinstance(to, Target):
        return to.key
    if isinstance(to, str):
        if not to:
            raise ValueError("an empty string is not a topic")
        return f"key.{to}"
    meta = getattr(to, "_meta", None)
    if meta is None or not hasattr(to, "pk"):
        raise TypeError(
            f"{to!r} is not a recipient: name users, model instances, string topics, "
            "or a list of those"
        )
    if to.pk is None:
        raise ValueError(f"{to!r} is not saved (it has no pk): it cannot be a recipient")
    return instance_key(meta.label_lower, to.pk)


def target_keys(to: Any) -> list[str]:
    """The keys of ``to``: one recipient, or a list, tuple or set of them (duplicates once)."""
    if isinstance(to, list | tuple | set | frozenset):
        return list(dict.fromkeys(key for item in to for key in target_keys(item)))
    return [target_key(to)]
