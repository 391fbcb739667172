"""``{% load djwire %}{% djwire_scripts %}``: the client script for a page with LiveViews."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from djwire import conf

register = template.Library()


@register.simple_tag
def djwire_scripts() -> SafeString:
    """The djwire client, loaded deferred, told where the socket is."""
    return format_html(
        '<script src="{}" data-dj-socket="{}" defer></script>',
        static("djwire/djwire.js"),
        conf.get("socket_path"),
    )
