"""Server push: ``push_to_view`` from anywhere — a Celery task, a management command, a signal
receiver, a view, the shell — reaches every connected instance of a LiveView.

Bad arguments raise here, at the call site, with the fix in the message; nothing is sent.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from django.apps import apps
from django.utils.module_loading import import_string

from djwire import codec
from djwire.live.stateful import StatefulView, is_state_name, view_path
from djwire.live.view import LiveView
from djwire.pubsub import group_name, instance_key, publish, target_key, target_keys

# URL kwargs that name the object a view is mounted for, whatever its model.
_OBJECT_KWARGS = ("pk", "id")
_SCOPE_PREFIX = "djwire_view_"


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
    keys: list[str | None] = [None] if to is None else list(push_keys(to))
    return [view_group(path, key) for key in keys], data


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
        if not is_state_name(name):
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


def view_group(view_path: str, key: str | None = None) -> str:
    """The group of every instance of ``view_path`` (or of those listening to ``key``):
    ``djwire_view_<dotted path with dots as underscores>``, as djust users know it."""
    return group_name(_SCOPE_PREFIX + view_path.replace(".", "_"), key)


def push_keys(to: Any) -> Iterable[str]:
    """The keys a push ``to=`` reaches (djwire.pubsub.targets), plus ``pk.<pk>`` for an object:
    the views whose URL names their object by a bare ``pk`` or ``id``."""
    items = to if isinstance(to, list | tuple | set | frozenset) else [to]
    for item in items:
        try:
            yield target_key(item)
        except TypeError:
            raise TypeError(
                "push_to_view to= takes users, model instances, keys from push_targets() or a "
                f"list of those, not {item!r}"
            ) from None
        except ValueError as error:
            raise ValueError(f"push_to_view to=: {error}") from None
        if not isinstance(item, str):
            yield f"pk.{item.pk}"


def subscription_keys(view: StatefulView) -> list[str]:
    """The keys an instance listens to: its user, the objects its URL kwargs name, and its
    ``push_targets()``."""
    keys: list[str] = []
    user = getattr(view.request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        keys.append(target_key(user))
    for name, value in getattr(view, "kwargs", {}).items():
        # "pk"/"id" name the view's own object (its model is unknown here); "note_id" and
        # "note_pk" name an instance of the model called note.
        if name in _OBJECT_KWARGS:
            keys.append(f"pk.{value}")
        elif name.endswith(("_pk", "_id")):
            keys.extend(instance_key(label, value) for label in _models_named(name[:-3]))
    keys.extend(target_keys(view.push_targets()))
    return keys


@functools.cache
def _models_named(model_name: str) -> tuple[str, ...]:
    return tuple(m._meta.label_lower for m in apps.get_models() if m._meta.model_name == model_name)


def groups_of(view: StatefulView) -> Iterable[str]:
    """Every group an instance subscribes to."""
    path = view_path(type(view))
    yield view_group(path)
    for key in subscription_keys(view):
        yield view_group(path, key)
