from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def shout(context, name):
    return f"{context.get(name, '')}!".upper()


@register.filter
def twice(value):
    return f"{value}{value}"
