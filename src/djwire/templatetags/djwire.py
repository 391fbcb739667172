"""``{% load djwire %}{% djwire_scripts %}``: the client script for a page with LiveViews."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from djwire import conf

register = template.Library()

# Both are built from client/ by `npm run build` and committed; the readable one for debugging.
READABLE_BUNDLE = "djwire/djwire.js"
MINIFIED_BUNDLE = "djwire/djwire.min.js"


@register.simple_tag
def djwire_scripts() -> SafeString:
    """The djwire client, loaded deferred, told where the socket is: the readable bundle when
    ``settings.DEBUG`` is on, the minified one otherwise."""
    bundle = READABLE_BUNDLE if settings.DEBUG else MINIFIED_BUNDLE
    return format_html(
        '<script src="{}" data-dj-socket="{}" defer></script>',
        static(bundle),
        conf.get("socket_path"),
    )
