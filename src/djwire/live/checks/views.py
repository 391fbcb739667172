"""Checks of one LiveView class: template, ``mount`` and handler signatures, public state."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

from djwire import codec
from djwire.decorators import is_event_handler
from djwire.live.checks.discovery import is_base_class, live_views, routed_view_classes
from djwire.live.checks.services import looks_like_service, service_warning, view_name
from djwire.live.checks.source import scan_methods
from djwire.live.checks.templates import check_bindings, check_root, check_scripts
from djwire.live.stateful import StatefulView, is_state_name, state
from djwire.live.view import LiveView


def check_live_views(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """djwire.V001-V010 for every LiveView (see discovery.py for which)."""
    routed = routed_view_classes()
    messages: list[checks.CheckMessage] = []
    for cls in live_views(app_configs):
        messages.extend(check_view_class(cls, base=is_base_class(cls, routed)))
    return messages


def check_view_class(cls: type[LiveView], *, base: bool = False) -> list[checks.CheckMessage]:
    """Every check of one class; ``base`` classes are not required to have a template."""
    messages = check_template(cls, base=base)
    messages += check_mount(cls)
    messages += check_handlers(cls)
    messages += check_class_attributes(cls)
    messages += check_state_defaults(cls)
    messages += scan_methods(cls)
    return messages


def check_template(cls: type[LiveView], *, base: bool = False) -> list[checks.CheckMessage]:
    """V001: no ``template_name``; V002: it cannot be loaded; V004: bad bindings in it;
    V009: the page never loads the client; V010: no live region djwire can find."""
    if cls.template_name is None:
        if base:
            return []
        return [
            checks.Error(
                f"{view_name(cls)} has no template_name.",
                hint='Set template_name = "app/page.html" on the class.',
                obj=cls,
                id="djwire.V001",
            )
        ]
    try:
        template = get_template(cls.template_name)
    except TemplateDoesNotExist:
        return [
            checks.Error(
                f"{view_name(cls)}.template_name {cls.template_name!r} cannot be found.",
                hint="Check the name and that its app is in INSTALLED_APPS (or TEMPLATES DIRS).",
                obj=cls,
                id="djwire.V002",
            )
        ]
    except TemplateSyntaxError as error:
        return [
            checks.Error(
                f"{view_name(cls)}.template_name {cls.template_name!r} does not compile: {error}",
                hint="Fix the template syntax.",
                obj=cls,
                id="djwire.V002",
            )
        ]
    return check_root(cls, template) + check_bindings(cls, template) + check_scripts(cls, template)


def check_mount(cls: type[LiveView]) -> list[checks.CheckMessage]:
    """V003: ``mount`` cannot be called as djwire calls it: ``mount(request, **kwargs)``
    with the URL's parameters and the ``live_session()`` services as keywords."""
    mount = inspect.getattr_static(cls, "mount")
    if mount is StatefulView.__dict__["mount"]:
        return []
    problem = _mount_problem(mount)
    if problem is None:
        return []
    return [
        checks.Error(
            f"{view_name(cls)}.mount {problem}.",
            hint="Write it as: def mount(self, request, **kwargs). URL parameters and "
            "live_session() services arrive as keyword arguments.",
            obj=cls,
            id="djwire.V003",
        )
    ]


def _mount_problem(mount: Any) -> str | None:
    if isinstance(mount, staticmethod | classmethod) or not callable(mount):
        return "must be a plain method"
    if inspect.iscoroutinefunction(mount):
        return "is async; djwire calls it synchronously (the ORM works in it)"
    parameters = list(inspect.signature(mount).parameters.values())[1:]  # after self
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    kinds = [p.kind for p in parameters]
    if not parameters or (
        kinds[0] not in positional and kinds[0] is not inspect.Parameter.VAR_POSITIONAL
    ):
        return "does not take the request"
    stuck = [
        p.name
        for p in parameters[1:]
        if p.kind is inspect.Parameter.POSITIONAL_ONLY and p.default is inspect.Parameter.empty
    ]
    if stuck:
        return f"has positional-only parameters ({', '.join(stuck)}) that keywords cannot fill"
    return None


def check_handlers(cls: type[LiveView]) -> list[checks.CheckMessage]:
    """V005 (info): a handler without ``**kwargs`` or with unannotated parameters."""
    messages: list[checks.CheckMessage] = []
    for name, handler in vars(cls).items():
        if not (callable(handler) and is_event_handler(handler)):
            continue
        parameters = list(inspect.signature(handler).parameters.values())[1:]
        notes = []
        if all(p.kind is not inspect.Parameter.VAR_KEYWORD for p in parameters):
            notes.append("has no **kwargs (a browser parameter it does not name is refused)")
        bare = [
            p.name
            for p in parameters
            if p.annotation is inspect.Parameter.empty
            and p.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
        ]
        if bare:
            notes.append(
                f"has unannotated parameters ({', '.join(bare)}): they arrive as the browser "
                "sent them (strings), unconverted"
            )
        if notes:
            messages.append(
                checks.Info(
                    f"{view_name(cls)}.{name} {' and '.join(notes)}.",
                    hint=f"def {name}(self, id: int = 0, **kwargs): annotate what you use.",
                    obj=cls,
                    id="djwire.V005",
                )
            )
    return messages


def check_class_attributes(cls: type[LiveView]) -> list[checks.CheckMessage]:
    """V006: a public class attribute (or state default) holding a service object."""
    messages: list[checks.CheckMessage] = []
    for name, value in vars(cls).items():
        if not is_state_name(name):
            continue
        held = value.default if isinstance(value, state) else value
        if isinstance(held, type) or (callable(held) and not _is_instance_with_call(held)):
            continue  # classes, functions, methods, descriptors of methods
        if looks_like_service(type(held)):
            messages.append(service_warning(cls, name, type(held).__qualname__))
    return messages


def _is_instance_with_call(value: Any) -> bool:
    # An object instance (not a function) that happens to be callable, e.g. an API client.
    return not (inspect.isroutine(value) or isinstance(value, property | classmethod))


def check_state_defaults(cls: type[LiveView]) -> list[checks.CheckMessage]:
    """V007: a ``state(default=...)`` whose default cannot be saved."""
    messages: list[checks.CheckMessage] = []
    for name, value in vars(cls).items():
        if not isinstance(value, state):
            continue
        try:
            codec.encode(value.default)
        except codec.UnserializableValue as error:
            kind = type(error.value)
            messages.append(
                checks.Warning(
                    f"{view_name(cls)}.{name} = state(default=...) holds {kind.__qualname__} "
                    f"(from {kind.__module__}), which cannot be saved as view state.",
                    hint=f"Use {codec.SUPPORTED_STATE} or keep the object private.",
                    obj=cls,
                    id="djwire.V007",
                )
            )
    return messages
