"""``@signal``: a Python function run when its signal is triggered, by the server or a browser.

::

    from djwire.signals.decorators import everyone, signal, RE

    @signal(path="chat.say", is_allowed_to=everyone, queue="fast")
    def say(window_info, text: RE(r"^.{1,200}$")):
        ...

A signal is named by its ``path`` (by default ``module.function``); several functions may
share one path, and all of them run. The first parameter is always ``window_info`` (the
window the signal came from, djwire.signals.window_info); the others are passed by keyword,
converted to their annotations (``int``, ``RE(...)``, ``Choice(...)``, ``SerializedForm(...)``)
by djwire.transport.callables, so a browser sending a bad value gets an error reply naming the
parameter. A browser may call a signal only when its ``is_allowed_to`` says so; the default,
``server_side``, says no.
"""

from __future__ import annotations

import inspect
import random
import re
from collections.abc import Callable
from typing import Any, TypeVar, overload

from djwire import conf
from djwire.signals.utils import RE, Choice, SerializedForm
from djwire.signals.window_info import WindowInfo
from djwire.transport.callables import BadParams, bind

__all__ = [
    "RE",
    "REGISTERED_SIGNALS",
    "Choice",
    "Connection",
    "DynamicQueueName",
    "RandomDynamicQueueName",
    "SerializedForm",
    "SignalConnection",
    "everyone",
    "has_perm",
    "is_anonymous",
    "is_authenticated",
    "is_staff",
    "is_superuser",
    "server_side",
    "signal",
    "signals_named",
]

F = TypeVar("F", bound=Callable[..., Any])

# (connection, window_info, kwargs) -> bool: may this window call the signal from a browser?
Permission = Callable[["Connection", WindowInfo, dict[str, Any]], bool]
# A queue name, or (connection, window_info, kwargs) -> a queue name.
Queue = str | Callable[["Connection", WindowInfo, dict[str, Any]], str]

_PATH = re.compile(r"([_a-zA-Z]\w*)(\.[_a-zA-Z]\w*)*")


# -- who may call a signal from a browser ---------------------------------------------------------


def server_side(connection: Connection, window_info: WindowInfo, kwargs: dict[str, Any]) -> bool:
    """No browser: only the server triggers the signal (the default)."""
    return False


def everyone(connection: Connection, window_info: WindowInfo, kwargs: dict[str, Any]) -> bool:
    """Every browser, signed in or not."""
    return True


def is_authenticated(
    connection: Connection, window_info: WindowInfo, kwargs: dict[str, Any]
) -> bool:
    """Browsers of signed-in users."""
    return bool(window_info.is_authenticated)


def is_anonymous(connection: Connection, window_info: WindowInfo, kwargs: dict[str, Any]) -> bool:
    """Browsers of visitors who are not signed in."""
    return bool(window_info.is_anonymous)


def is_staff(connection: Connection, window_info: WindowInfo, kwargs: dict[str, Any]) -> bool:
    """Browsers of staff users."""
    return bool(window_info.is_staff)


def is_superuser(connection: Connection, window_info: WindowInfo, kwargs: dict[str, Any]) -> bool:
    """Browsers of superusers."""
    return bool(window_info.is_superuser)


class has_perm:
    """Browsers of users with the permission ``perm``:
    ``is_allowed_to=has_perm("notes.change_note")`` (lower case: df_websockets' name)."""

    def __init__(self, perm: str) -> None:
        self.perm = perm

    def __call__(
        self, connection: Connection, window_info: WindowInfo, kwargs: dict[str, Any]
    ) -> bool:
        return window_info.has_perm(self.perm)

    def __repr__(self) -> str:
        return f"has_perm({self.perm!r})"


# -- queues ----------------------------------------------------------------------------------------


class DynamicQueueName:
    """A queue chosen per call: subclass it and implement ``__call__``; the workers listen to
    ``get_available_queues()``."""

    def __call__(
        self, connection: Connection, window_info: WindowInfo, original_kwargs: dict[str, Any]
    ) -> str:
        raise NotImplementedError

    def get_available_queues(self) -> set[str]:
        """Every queue ``__call__`` may return."""
        return {conf.get("signal_default_queue")}


class RandomDynamicQueueName(DynamicQueueName):
    """One of ``size`` queues ``<prefix>0`` ... ``<prefix><size-1>``, picked at random per call
    (spreads slow signals over several workers)."""

    def __init__(self, prefix: str, size: int) -> None:
        if size < 1:
            raise ValueError(f"RandomDynamicQueueName({prefix!r}, {size}): size must be >= 1")
        self.prefix = prefix
        self.size = size

    def __call__(
        self, connection: Connection, window_info: WindowInfo, original_kwargs: dict[str, Any]
    ) -> str:
        return f"{self.prefix}{random.randrange(self.size)}"

    def get_available_queues(self) -> set[str]:
        return {f"{self.prefix}{index}" for index in range(self.size)}

    def __repr__(self) -> str:
        return f"RandomDynamicQueueName({self.prefix!r}, {self.size})"


# -- connections -----------------------------------------------------------------------------------


class Connection:
    """A function connected to a path, with who may call it and the queue it runs on."""

    required_function_arg = "window_info"

    def __init__(
        self,
        fn: Callable[..., Any],
        path: str | None = None,
        is_allowed_to: Permission = server_side,
        queue: Queue | None = None,
        allow_client_delay: bool = False,
    ) -> None:
        self.function = fn
        self.allow_client_delay = allow_client_delay
        self.accept_kwargs = False
        self.argument_types: dict[str, Any] = {}
        self.required_arguments_names: set[str] = set()
        self.optional_arguments_names: set[str] = set()
        self.signature_check(fn)
        self.path = path if path is not None else f"{fn.__module__}.{fn.__name__}"
        if not isinstance(self.path, str) or not _PATH.fullmatch(self.path):
            raise ValueError(
                f"@signal on {_name_of(fn)}: path {self.path!r} is not a dotted name; use "
                "identifiers joined by dots, e.g. path='myapp.item_saved'."
            )
        self.is_allowed_to = is_allowed_to
        self.queue = queue

    @property
    def function_path(self) -> str:
        """The dotted path of the function, as logs name it (``demo.signals.send``)."""
        return _name_of(self.function)

    @property
    def accepted_argument_names(self) -> set[str]:
        """The parameters a caller may pass (any name at all when ``accept_kwargs``)."""
        return self.required_arguments_names | self.optional_arguments_names

    def signature_check(self, fn: Callable[..., Any]) -> None:
        """Read the parameters of ``fn``; TypeError when it cannot be called as a signal."""
        where = f"@signal on {_name_of(fn)}"
        parameters = list(inspect.signature(fn).parameters.values())
        if not parameters or parameters[0].name != self.required_function_arg:
            raise TypeError(
                f"{where}: the first parameter must be window_info (the window the signal "
                f"came from), e.g. def {getattr(fn, '__name__', 'f')}(window_info, ...)."
            )
        if parameters[0].kind is parameters[0].KEYWORD_ONLY:
            raise TypeError(f"{where}: window_info is passed by position; drop the '*' before it.")
        for parameter in parameters[1:]:
            if parameter.kind is parameter.VAR_POSITIONAL:
                raise TypeError(
                    f"{where}: *{parameter.name} cannot be filled, since a signal's arguments "
                    f"are passed by name; use **{parameter.name} instead."
                )
            if parameter.kind is parameter.POSITIONAL_ONLY:
                raise TypeError(
                    f"{where}: {parameter.name} is positional-only, but a signal's arguments "
                    "are passed by name; remove the '/'."
                )
            if parameter.kind is parameter.VAR_KEYWORD:
                self.accept_kwargs = True
                continue
            if parameter.annotation is not parameter.empty:
                self.argument_types[parameter.name] = parameter.annotation
            if parameter.default is parameter.empty:
                self.required_arguments_names.add(parameter.name)
            else:
                self.optional_arguments_names.add(parameter.name)

    def check(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """The arguments for the function, converted to their annotations; BadParams (a
        ValueError) naming the argument when one is missing, unknown or cannot be converted,
        or when the caller sets ``window_info``."""
        if not isinstance(kwargs, dict):
            raise BadParams(f"the arguments of {self.path} must be an object")
        unknown = set(kwargs) - self.accepted_argument_names - {self.required_function_arg}
        if unknown and not self.accept_kwargs:
            names = ", ".join(repr(name) for name in sorted(unknown))
            raise BadParams(f"unknown parameter {names} for {self.path}")
        return bind(self.function, kwargs, reserved=(self.required_function_arg,))

    def get_queue(self, window_info: WindowInfo, original_kwargs: dict[str, Any]) -> str:
        """The queue this call runs on: ``queue``, or what it returns when it is callable."""
        if self.queue is None:
            return str(conf.get("signal_default_queue"))
        if isinstance(self.queue, str):
            return self.queue
        name = self.queue(self, window_info, original_kwargs)
        if not isinstance(name, str) or not name:
            raise TypeError(f"the queue of {self.path} ({self.queue!r}) gave {name!r}, not a name")
        return name

    def register(self) -> None:
        """Record the connection where it is looked up (subclasses do; this one nowhere)."""

    def __call__(self, window_info: WindowInfo, **kwargs: Any) -> Any:
        return self.function(window_info, **kwargs)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path} -> {_name_of(self.function)}>"


class SignalConnection(Connection):
    """A connection of ``@signal``, recorded in ``REGISTERED_SIGNALS``."""

    def register(self) -> None:
        connections = REGISTERED_SIGNALS.setdefault(self.path, [])
        # A module imported twice (autoreload, a test) replaces its functions instead of
        # connecting each twice.
        connections[:] = [c for c in connections if _name_of(c.function) != _name_of(self.function)]
        connections.append(self)


# Every @signal function, by path, in the order they were decorated.
REGISTERED_SIGNALS: dict[str, list[Connection]] = {}


def signals_named(path: str) -> list[Connection]:
    """The connections of ``path`` (empty when no function is connected to it)."""
    return list(REGISTERED_SIGNALS.get(path, ()))


@overload
def signal(fn: F) -> F: ...
@overload
def signal(
    fn: None = None,
    path: str | None = None,
    is_allowed_to: Permission = ...,
    queue: Queue | None = None,
    cls: type[Connection] = ...,
    allow_client_delay: bool = ...,
) -> Callable[[F], F]: ...
def signal(
    fn: F | None = None,
    path: str | None = None,
    is_allowed_to: Permission = server_side,
    queue: Queue | None = None,
    cls: type[Connection] = SignalConnection,
    allow_client_delay: bool = False,
) -> F | Callable[[F], F]:
    """Connect a function to a signal; ``@signal`` or ``@signal(path=..., is_allowed_to=...,
    queue=...)``. The function is returned unchanged, so it can still be called directly.

    ``path``: the signal's name (default ``module.function``); ``is_allowed_to``: which
    browsers may call it (``server_side``, ``everyone``, ``is_authenticated``,
    ``has_perm("app.perm")``, or your own ``(connection, window_info, kwargs) -> bool``);
    ``queue``: the worker queue it runs on (default ``DJWIRE["signal_default_queue"]``), or a
    callable choosing one per call; ``allow_client_delay``: whether a browser may ask for it to
    run later (``djwire.signals.call(name, opts, {countdown: 5})``; refused otherwise).
    """

    def connect(function: F) -> F:
        connection = cls(function, path=path, is_allowed_to=is_allowed_to, queue=queue)
        connection.allow_client_delay = allow_client_delay
        connection.register()
        return function

    if fn is not None:
        return connect(fn)
    return connect


def _name_of(fn: Callable[..., Any]) -> str:
    module = getattr(fn, "__module__", None)
    name = getattr(fn, "__qualname__", None) or repr(fn)
    return f"{module}.{name}" if module else name
