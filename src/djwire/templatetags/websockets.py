"""``{% load websockets %}``, df_websockets' template library: the same ``js_call`` and
``js_calls`` as ``{% load djwire %}``, so ported templates keep working unchanged."""

from __future__ import annotations

from django import template

from djwire.templatetags.djwire import JSCall, js_call, js_calls

__all__ = ["JSCall", "js_call", "js_calls", "register"]

register = template.Library()
register.simple_tag(js_call)
register.simple_tag(js_calls)
