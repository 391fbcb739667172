"""``{% js_call %}`` / ``{% js_calls %}`` render the ``data-dj-signal`` bindings the client
reads (client/src/signals/bindings.js), in ``{% load djwire %}`` and df_websockets'
``{% load websockets %}``."""

import html
import json
import pathlib
import re
from typing import Any

import pytest
from django.template import Context, Template

from djwire.templatetags.djwire import SIGNAL_ATTRIBUTE, JSCall, js_call, js_calls

CLIENT_ATTRIBUTES = (
    pathlib.Path(__file__).resolve().parents[2] / "client" / "src" / "signals" / "attributes.js"
)


def render(source: str, **context: Any) -> str:
    return Template(source).render(Context(context))


def entries(rendered: str) -> list[dict[str, Any]]:
    (attribute,) = re.findall(r' data-dj-signal="([^"]*)"', rendered)
    parsed: list[dict[str, Any]] = json.loads(html.unescape(attribute))
    return parsed


@pytest.mark.parametrize("library", ["djwire", "websockets"])
def test_js_call_renders_df_websockets_keys_with_the_extra_kwargs_as_opts(library):
    tag = '{% js_call "signal.name" on="change" form="form_data" id=42 %}'
    rendered = render("{% load " + library + " %}<form" + tag + ">")
    assert rendered.startswith('<form data-dj-signal="')
    assert entries(rendered) == [
        {
            "name": "signal.name",
            "prevent": None,
            "on": "change",
            "opts": {"id": 42},
            "form": "form_data",
        }
    ]


def test_js_call_without_options_has_only_name_and_prevent():
    assert entries(js_call("a.b")) == [{"name": "a.b", "prevent": None}]


# The regression: df_websockets' js_call cannot set prevent.
def test_js_call_sets_prevent():
    rendered = render('{% load djwire %}<a{% js_call "a.b" prevent=False %}>')
    assert entries(rendered) == [{"name": "a.b", "prevent": False}]


def test_js_call_value_and_the_json_is_escaped():
    rendered = js_call("a.b", value="title", text='"<&>')
    assert "<" not in rendered.split("=", 1)[1] and '"<' not in rendered
    assert entries(rendered) == [
        {"name": "a.b", "prevent": None, "opts": {"text": '"<&>'}, "value": "title"}
    ]


def test_js_calls_takes_jscall_objects_and_dicts():
    rendered = js_calls(
        JSCall("a.first", on="click", opts={"id": 1}, prevent=True),
        {"name": "a.second", "value": "v"},
    )
    assert entries(rendered) == [
        {"name": "a.first", "prevent": True, "on": "click", "opts": {"id": 1}},
        {"name": "a.second", "prevent": None, "value": "v"},
    ]


# The regression: df_websockets' js_calls could not be used from a template.
def test_js_calls_from_a_template_with_calls_from_the_context():
    calls = [{"name": "a.one"}, JSCall("a.two", opts={"n": 2})]
    rendered = render("{% load websockets %}<b{% js_calls calls %}>", calls=calls)
    assert entries(rendered) == [
        {"name": "a.one", "prevent": None},
        {"name": "a.two", "prevent": None, "opts": {"n": 2}},
    ]


def test_js_calls_refuses_what_is_not_a_call():
    with pytest.raises(TypeError):
        js_calls("a.b")
    with pytest.raises(TypeError):
        js_calls({"name": "a.b", "unknown": 1})


def test_the_attributes_rendered_are_those_the_client_reads():
    source = CLIENT_ATTRIBUTES.read_text()
    names = dict(re.findall(r'^export const (\w+) = "([^"]*)";$', source, re.MULTILINE))
    assert names["ATTR_SIGNAL"] == "data-dj-signal" == SIGNAL_ATTRIBUTE
    assert names["ATTR_WINDOW"] == "data-dj-window"
