"""``@action``: a channel method the browser may call, with its parameters checked.

RxDjango's decorator, with djwire's checks: the parameters are converted to their annotations
(``datetime``, ``Decimal``, ``list[int]``, ``Optional``, ...) and validated before the method
runs, positional (RxDjango's ``params`` list) or by name; a bad call, an unknown name or an
action that raises is an error reply, and the socket stays open.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from djwire.sync.exceptions import ActionNotAsync
from djwire.transport.callables import mark_callable

F = TypeVar("F", bound=Callable[..., Any])

KIND = "action"


def action(func: F) -> F:
    """Make an ``async def`` method of a channel callable from the browser::

        class ProjectChannel(ContextChannel):
            @action
            async def rename(self, name: str, due: datetime | None = None) -> dict:
                ...

    The result (JSON values) is the reply. A plain ``def`` is refused here, when the class
    is defined: an action runs on the socket's event loop (use ``database_sync_to_async``
    for ORM work).
    """
    if not inspect.iscoroutinefunction(func):
        raise ActionNotAsync(
            f"@action {func.__qualname__} must be `async def`: actions run on the socket's "
            f"event loop (wrap ORM code in channels.db.database_sync_to_async)"
        )
    return mark_callable(func, KIND)


def positional_params(
    func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]
) -> dict[str, Any] | str:
    """``args`` and ``kwargs`` as params by name for ``func``, or why they cannot be."""
    names = [
        name
        for name, parameter in inspect.signature(func).parameters.items()
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
    ]
    if len(args) > len(names):
        return f"takes {len(names)} positional params, {len(args)} were given"
    params = dict(kwargs)
    for name, value in zip(names, args, strict=False):
        if name in params:
            return f"{name!r} was given twice (by position and by name)"
        params[name] = value
    return params
