"""Server push: ``push_to_view`` from anywhere — a Celery task, a management command, a signal
receiver, a view, the shell — reaches every connected instance of a LiveView.

Bad arguments raise here, at the call site, with the fix in the message; nothing is sent.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils.module_loading import import_string

from djwire import codec
from djwire.live.view import NOT_STATE, LiveView, view_path
from djwire.pubsub import publish, view_group

# URL kwargs that name the object a view is mounted for.
_OBJECT_KWARGS = ("pk", "id")


def push_to_view(
    view: str | type[LiveView],
    *,
    state: dict[str, Any] | None = None,
    handler: str | None = None,
    payload: dict[str, Any] | None = None,
    to: Any = None,
) -> None:
    """Update every connected instance of ``view`` (a LiveView class or its dotted path).

    ``state`` sets public attributes, ``handler`` names a method to call with ``payload`` as
    keyword arguments (it may be private, e.g. ``_on_broadcast``); the views re-render what
    changed and patch their pages. ``to`` narrows the push to the views of a user
    (``to=request.user``) or to the views mounted for an object (``to=note``: views whose URL
    kwargs ``pk``, ``id``, ``<model>_pk`` or ``<model>_id`` equal ``note.pk``); a list of those
    reaches their union. Synchronous; ``apush_to_view`` is the async twin.
    """
    groups, data = _prepare(view, state, handler, payload, to)
    async_to_sync(publish)(groups, data)


async def apush_to_view(
    view: str | type[LiveView],
    *,
    state: dict[str, Any] | None = None,
    handler: str | None = None,
    payload: dict[str, Any] | None = None,
    to: Any = None,
) -> None:
    """The async twin of :func:`push_to_view`, with the same arguments."""
    groups, data = _prepare(view, state, handler, payload, to)
    await publish(groups, data)


def _prepare(
    view: str | type[LiveView],
    state: dict[str, Any] | None,
    handler: str | None,
    payload: dict[str, Any] | None,
    to: Any,
) -> tuple[list[str], bytes]:
    cls = resolve_view(view)
    path = view_path(cls)
    if state is None and handler is None:
        raise ValueError("push_to_view needs state={...}, handler='name', or both")
    if state is not None:
        _check_state(cls, state)
    if handler is not None:
        _check_handler(cls, handler)
    if payload is not None and not isinstance(payload, dict):
        raise TypeError(
            f"push_to_view payload must be a dict of keyword arguments, not {payload!r}"
        )
    if payload is not None and handler is None:
        raise ValueError("push_to_view payload= goes with handler=: name the method to call")
    message = {"id": secrets.token_hex(8), "state": state, "handler": handler, "payload": payload}
    try:
        data = codec.encode(message)
    except codec.UnserializableValue as error:
        raise TypeError(
            f"push_to_view to {path}: {error}; push plain data (str, numbers, dates, Decimal, "
            "lists, dicts, model instances)"
        ) from None
    targets = [None] if to is None else target_keys(to)
    return [view_group(path, target) for target in targets], data


def resolve_view(view: str | type[LiveView]) -> type[LiveView]:
    """The LiveView class named by ``view``, or an error naming the fix."""
    if isinstance(view, str):
        try:
            found = import_string(view)
        except ImportError as error:
            raise ValueError(
                f"push_to_view: cannot import {view!r} ({error}); pass the dotted path of a "
                "LiveView class, e.g. 'myapp.views.DashboardView', or the class itself"
            ) from None
    else:
        found = view
    if not (isinstance(found, type) and issubclass(found, LiveView)):
        raise TypeError(f"push_to_view: {view!r} is not a LiveView class")
    return found


def _check_state(cls: type[LiveView], state: Any) -> None:
    if not isinstance(state, dict):
        raise TypeError(f"push_to_view state must be a dict of attribute names, not {state!r}")
    for name in state:
        if not isinstance(name, str) or name.startswith("_") or name in NOT_STATE:
            raise ValueError(
                f"push_to_view: {name!r} is not public state of {cls.__qualname__}; a push "
                "sets public attributes only (private ones can be set by a handler)"
            )
        attr = getattr(cls, name, None)
        if callable(attr) or isinstance(attr, property):
            raise ValueError(f"push_to_view: {cls.__qualname__}.{name} is a method, not state")


def _check_handler(cls: type[LiveView], handler: Any) -> None:
    method = getattr(cls, handler, None) if isinstance(handler, str) else None
    if not callable(method):
        raise ValueError(
            f"push_to_view: {cls.__qualname__} has no method {handler!r}; name a method "
            "of the view (it may be private, like '_on_broadcast')"
        )


def target_keys(to: Any) -> list[str]:
    """The group suffixes a push ``to=`` reaches."""
    if isinstance(to, list | tuple | set):
        return [key for item in to for key in target_keys(item)]
    if isinstance(to, str):
        return [to]  # a key a view lists in push_targets()
    if not isinstance(to, Model) and not getattr(to, "_meta", None):
        raise TypeError(
            f"push_to_view to= takes users, model instances, keys from push_targets() or a "
            f"list of those, not {to!r}"
        )
    if to.pk is None:
        raise ValueError(f"push_to_view to={to!r}: the object is not saved (it has no pk)")
    if isinstance(to, get_user_model()):
        return [f"user.{to.pk}"]
    return [f"pk.{to.pk}", f"{to._meta.model_name}.{to.pk}"]


def subscription_keys(view: LiveView) -> list[str]:
    """The targets an instance listens to: its user, and the objects its URL kwargs name."""
    keys: list[str] = []
    user = getattr(view.request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        keys.append(f"user.{user.pk}")
    for name, value in getattr(view, "kwargs", {}).items():
        # "pk"/"id" name the view's own object (its model is unknown here); "note_id" and
        # "note_pk" name a note. A push to=obj goes to "pk.<pk>" and "<model>.<pk>".
        if name in _OBJECT_KWARGS:
            keys.append(f"pk.{value}")
        elif name.endswith(("_pk", "_id")):
            keys.append(f"{name[:-3]}.{value}")
    keys.extend(view.push_targets())
    return keys


def groups_of(view: LiveView) -> Iterable[str]:
    path = view_path(type(view))
    yield view_group(path)
    for key in subscription_keys(view):
        yield view_group(path, key)
