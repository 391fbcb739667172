"""``{% load djwire %}``: ``{% djwire_scripts %}``, the client script of a page with LiveViews
or a signals window, and ``{% js_call %}`` / ``{% js_calls %}``, the ``data-dj-signal``
bindings that call signals from the page (df_websockets' tags, also in ``{% load websockets %}``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from djwire import conf
from djwire.signals.grant import window_token

register = template.Library()

# Both are built from client/ by `npm run build` and committed; the readable one for debugging.
READABLE_BUNDLE = "djwire/djwire.js"
MINIFIED_BUNDLE = "djwire/djwire.min.js"

# client/src/signals/attributes.js: ATTR_SIGNAL
SIGNAL_ATTRIBUTE = "data-dj-signal"


# client/src/live/attributes.js: ATTR_BANNER, BANNER_OFF, ATTR_ERRORS, ERRORS_OFF, ATTR_DEBUG
BANNER_ATTRIBUTE = "data-dj-banner"
BANNER_OFF = "off"
ERRORS_ATTRIBUTE = "data-dj-errors"
ERRORS_OFF = "off"
DEBUG_ATTRIBUTE = "data-dj-debug"


@register.simple_tag(takes_context=True)
def djwire_scripts(
    context: template.Context, banner: bool = True, errors: bool = True
) -> SafeString:
    """The djwire client, loaded deferred, told where the socket is: the readable bundle when
    ``settings.DEBUG`` is on, the minified one otherwise. On a signals window (its view called
    ``set_websocket_topics(request)``) the tag carries the window's token in ``data-dj-window``.
    ``banner=False`` turns off the client's "Reconnecting…" banner (``data-dj-banner="off"``);
    ``errors=False`` its error message (``data-dj-errors="off"``), which names the failed
    handler, the error and the exception when ``settings.DEBUG`` is on (``data-dj-debug``) and
    says only "Something went wrong." otherwise."""
    bundle = READABLE_BUNDLE if settings.DEBUG else MINIFIED_BUNDLE
    request = context.get("request")
    token = window_token(request) if request is not None else None
    extra = format_html(
        "{}{}{}",
        format_html(' {}="{}"', BANNER_ATTRIBUTE, BANNER_OFF) if not banner else "",
        format_html(' {}="{}"', ERRORS_ATTRIBUTE, ERRORS_OFF) if not errors else "",
        format_html(" {}", DEBUG_ATTRIBUTE) if settings.DEBUG else "",
    )
    if token is None:
        return format_html(
            '<script src="{}" data-dj-socket="{}"{} defer></script>',
            static(bundle),
            conf.get("socket_path"),
            extra,
        )
    return format_html(
        '<script src="{}" data-dj-socket="{}" data-dj-window="{}"{} defer></script>',
        static(bundle),
        conf.get("socket_path"),
        token,
        extra,
    )


class JSCall:
    """One ``data-dj-signal`` entry: call signal ``name`` with ``opts`` when the element fires
    ``on`` (default: submit for a form, change for a field, click otherwise). ``form="key"``
    adds the element's form as ``opts[key]`` (``[{"name", "value"}]``), ``value="key"`` the
    field's value; ``prevent`` cancels the browser's action (None: every event but change)."""

    def __init__(
        self,
        name: str,
        on: str | None = None,
        opts: Mapping[str, Any] | None = None,
        form: str | None = None,
        value: str | None = None,
        prevent: bool | None = None,
    ) -> None:
        self.name = name
        self.on = on
        self.opts = dict(opts or {})
        self.form = form
        self.value = value
        self.prevent = prevent

    def to_dict(self) -> dict[str, Any]:
        """The entry as the client reads it, with df_websockets' keys in its order."""
        entry: dict[str, Any] = {"name": self.name, "prevent": self.prevent}
        if self.on:
            entry["on"] = self.on
        if self.opts:
            entry["opts"] = self.opts
        if self.form:
            entry["form"] = self.form
        if self.value:
            entry["value"] = self.value
        return entry

    def __repr__(self) -> str:
        return f"JSCall({self.to_dict()!r})"


def _as_calls(calls: Iterable[Any]) -> list[JSCall]:
    found: list[JSCall] = []
    for call in calls:
        if isinstance(call, JSCall):
            found.append(call)
        elif isinstance(call, Mapping):
            found.append(JSCall(**call))
        elif isinstance(call, (list, tuple)):
            found.extend(_as_calls(call))
        else:
            raise TypeError(f"js_calls takes JSCall objects or dicts, not {call!r}")
    return found


def _attribute(calls: list[JSCall]) -> SafeString:
    text = json.dumps([call.to_dict() for call in calls], cls=DjangoJSONEncoder)
    return format_html(' {}="{}"', SIGNAL_ATTRIBUTE, text)


@register.simple_tag
def js_call(
    name: str,
    on: str | None = None,
    form: str | None = None,
    value: str | None = None,
    prevent: bool | None = None,
    **opts: Any,
) -> SafeString:
    """`` data-dj-signal="[...]"`` calling signal ``name``; the other keyword arguments are its
    opts: ``<form {% js_call "notes.save" form="data" id=note.pk %}>``."""
    return _attribute([JSCall(name, on=on, opts=opts, form=form, value=value, prevent=prevent)])


@register.simple_tag
def js_calls(*calls: JSCall | Mapping[str, Any] | list[Any]) -> SafeString:
    """`` data-dj-signal="[...]"`` with several entries: ``JSCall`` objects or dicts of its
    arguments (``{"name": ..., "opts": {...}}``), or lists of them, e.g. from the context."""
    return _attribute(_as_calls(calls))
