"""Finding the dj-root element in a template, with clear errors when it can't be found."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import engines

from djwire.live.template.region import LiveRegionNode, split_live_region


def split(source):
    return split_live_region(engines["django"].from_string(source).template)


def test_region_is_the_inside_of_the_root_element():
    live = split(
        "<h1>{{ a }}</h1><div id='x' dj-root>in {{ b }}<div>nested</div></div><p>{{ c }}</p>"
    )
    region_text = "".join(getattr(n, "s", "{var}") for n in live.region)
    assert region_text == "in {var}<div>nested</div>"
    assert sum(isinstance(n, LiveRegionNode) for n in live.page.nodelist) == 1


def test_template_without_root_is_live_as_a_whole():
    live = split("<p>{{ a }}</p>")
    assert len(live.region) == 3


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            '<div dj-root class="{{ c }}">x</div>',
            "keep the opening tag of the dj-root element static",
        ),
        # Once silently not found: the whole page became the region (issue 8).
        ("<div {{ attrs }} dj-root>x</div>", "keep the opening tag of the dj-root element static"),
        ("<{{ tag }} dj-root>x</{{ tag }}>", "keep the opening tag of the dj-root element static"),
        ("<div dj-root>{% if a %}</div>{% endif %}", "is not closed in the same block"),
        ("<input dj-root>", "must be able to hold content"),
    ],
)
def test_clear_errors(source, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        split(source)


def test_extends_without_root_names_the_fix():
    template = engines["django"].engine.from_string('{% extends "testapp/base.html" %}')
    with pytest.raises(ImproperlyConfigured, match="mark the element that holds the live part"):
        split_live_region(template)
