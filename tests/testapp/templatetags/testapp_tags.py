from django import template
from django.utils.asyncio import async_unsafe

register = template.Library()


@register.simple_tag(takes_context=True)
def shout(context, name):
    return f"{context.get(name, '')}!".upper()


@register.filter
@async_unsafe
def sync_only(value):
    """A filter that, like a database query, refuses to run inside the event loop."""
    return value


@register.filter
def twice(value):
    return f"{value}{value}"
