"""Which LiveViews the checks look at.

Every LiveView routed in the URLconf (a view function whose ``view_class`` is a LiveView, as
``as_view()`` and ``live_session()`` make), plus every subclass of LiveView imported by then
(``__subclasses__()``, recursively), except djwire's own. The URLconf is imported first, so
views reachable from it are always seen. A class with no ``template_name`` that has
subclasses and is not routed is a base class: it is checked for what it defines, not for a
missing template.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import AppConfig, apps

from djwire.live.providers import iter_routed_views
from djwire.live.view import LiveView


def routed_view_classes() -> set[type[LiveView]]:
    """The LiveView classes the URLconf routes."""
    found: set[type[LiveView]] = set()
    for callback, _route in iter_routed_views():
        cls = getattr(callback, "view_class", None)
        if isinstance(cls, type) and issubclass(cls, LiveView):
            found.add(cls)
    return found


def all_subclasses() -> set[type[LiveView]]:
    """Every LiveView subclass imported so far."""
    found: set[type[LiveView]] = set()
    stack = list(LiveView.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls not in found:
            found.add(cls)
            stack.extend(cls.__subclasses__())
    return found


def live_views(app_configs: Iterable[AppConfig] | None = None) -> list[type[LiveView]]:
    """The LiveViews to check, sorted by module and name; only those of ``app_configs``
    when given (``manage.py check myapp``)."""
    classes = routed_view_classes() | all_subclasses()
    classes = {c for c in classes if not c.__module__.startswith("djwire.")}
    if app_configs is not None:
        wanted = {config.label for config in app_configs}
        classes = {c for c in classes if _app_label(c) in wanted}
    return sorted(classes, key=lambda c: (c.__module__, c.__qualname__))


def is_base_class(cls: type[LiveView], routed: set[type[LiveView]]) -> bool:
    """A class meant to be subclassed: no template of its own, subclasses, not routed."""
    return cls.template_name is None and bool(cls.__subclasses__()) and cls not in routed


def _app_label(cls: type) -> str | None:
    config = apps.get_containing_app_config(cls.__module__)
    return None if config is None else config.label
