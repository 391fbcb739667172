"""The state side of a LiveView: public attributes are state, tracked from assignment and
mutation; ``state(default=...)`` declares one. ``view.py`` adds the HTTP side (``as_view``)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, ClassVar

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from djwire.live.containers import track
from djwire.live.tracking import _MISSING, ChangeTracker

# Attributes a view has that are not state (with the access attributes of LiveView and of
# Django's AccessMixin, which as_view(login_url=...) may set on an instance).
NOT_STATE = frozenset(
    {
        "request",
        "args",
        "kwargs",
        "template_name",
        "tick_interval",
        "login_required",
        "permission_required",
        "login_url",
        "permission_denied_message",
        "raise_exception",
        "redirect_field_name",
    }
)


def is_state_name(name: object) -> bool:
    """True for a name that may be public state: not private (``_``), not the view's own."""
    return isinstance(name, str) and not name.startswith("_") and name not in NOT_STATE


def view_path(cls: type) -> str:
    """The dotted path of a view class, as join tokens and group names spell it."""
    return f"{cls.__module__}.{cls.__qualname__}"


class state:
    """Declare a piece of view state with a default: ``items = state(default=[])``.

    A mutable default is copied for every view instance.
    """

    def __init__(self, default: Any = None) -> None:
        self.default = default
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return instance.__dict__[self.name]


class StatefulView:
    """What a LiveView is to the machinery that renders, diffs, saves and restores it."""

    template_name: ClassVar[str | None] = None
    tick_interval: ClassVar[int | None] = None
    _dj_state_fields: ClassVar[dict[str, state]] = {}

    _dj_tracker: ChangeTracker
    request: HttpRequest
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, state] = {}
        for klass in reversed(cls.__mro__):
            fields.update({k: v for k, v in vars(klass).items() if isinstance(v, state)})
        cls._dj_state_fields = fields

    def __init__(self, **initkwargs: Any) -> None:
        object.__setattr__(self, "_dj_tracker", ChangeTracker())
        for name, field in self._dj_state_fields.items():
            setattr(self, name, copy.deepcopy(field.default))
        for key, value in initkwargs.items():
            setattr(self, key, value)
        self._dj_tracker.reset()

    def __setattr__(self, name: str, value: Any) -> None:
        if not is_state_name(name) or _is_class_property(type(self), name):
            object.__setattr__(self, name, value)
            return
        tracker: ChangeTracker = self._dj_tracker
        old = self.__dict__.get(name, _MISSING)
        tracked = self.__dict__[name] = track(value, tracker, None, name)
        tracker.assigned(name, old, tracked)

    def __delattr__(self, name: str) -> None:
        if name in self.__dict__ and is_state_name(name):
            self._dj_tracker.assigned(name, self.__dict__[name])
        object.__delattr__(self, name)

    # -- what users override -------------------------------------------------------------

    def mount(self, request: HttpRequest, **kwargs: Any) -> None:
        """Set the initial state. Called for the first HTTP render, and over the socket when
        no saved state can be resumed."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """The template context: the public state, plus ``view`` and ``kwargs`` given."""
        context = {name: self.__dict__[name] for name in self.state_names()}
        context["view"] = self
        context.update(kwargs)
        return context

    def handle_tick(self) -> None:
        """Called every ``tick_interval`` milliseconds while a browser is connected."""

    def push_targets(self) -> list[str]:
        """Extra keys this instance listens to: ``push_to_view(View, to="key")`` reaches it.

        By default an instance listens to its user (``to=user``) and to the objects its URL
        kwargs name (``pk``, ``id``, ``<model>_pk``, ``<model>_id``: ``to=obj``).
        """
        return []

    def push_event(self, event: str, payload: dict[str, Any] | None = None) -> None:
        """Send a named event to the page's JavaScript (the DOM event ``djwire:<event>`` on
        the view's root), for what is not state: a toast, a sound, a scroll."""
        events: list[tuple[str, dict[str, Any]]] = self.__dict__.setdefault("_dj_events", [])
        events.append((event, payload or {}))

    def get_template_names(self) -> list[str]:
        if self.template_name is None:
            raise TypeError(f"{type(self).__qualname__} needs a template_name")
        return [self.template_name]

    # -- the framework's side -----------------------------------------------------------

    def state_names(self) -> list[str]:
        """The names of the public state, in the order they were first set."""
        return [k for k in self.__dict__ if is_state_name(k)]

    def state_values(self) -> dict[str, Any]:
        return {name: self.__dict__[name] for name in self.state_names()}

    def restore_state(self, values: dict[str, Any]) -> None:
        """Put back state that was saved (a resume): no change is recorded."""
        for name, value in values.items():
            if is_state_name(name):
                setattr(self, name, value)
        self._dj_tracker.reset()

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.args = args
        self.kwargs = kwargs


def run_mount(view: StatefulView, request: HttpRequest, kwargs: dict[str, Any]) -> None:
    """Call ``view.mount(request, **kwargs)``; TypeError when it answers with a response (an
    access decorator put on ``mount``, whose redirect would be ignored)."""
    mount: Callable[..., Any] = view.mount
    answer = mount(request, **kwargs)
    if isinstance(answer, HttpResponseBase):
        raise TypeError(
            f"{type(view).__qualname__}.mount returned {type(answer).__name__}, which djwire "
            "ignores: mount() only sets state. Access checks go on dispatch: an access mixin "
            "(class V(LoginRequiredMixin, LiveView)), @method_decorator(login_required, "
            'name="dispatch"), or login_required = True on the view.'
        )


def _is_class_property(cls: type, name: str) -> bool:
    attr = getattr(cls, name, None)
    return attr is not None and hasattr(attr, "__set__") and not isinstance(attr, state)
