"""Checks of a LiveView's template: a binding that names no event handler, with path and line
(V004); a page that never loads the client (V009); a live region the first request would refuse
(V010)."""

import pytest
from django.core import checks as django_checks
from django.template import engines
from django.template.loader import get_template
from django.test import override_settings

from djwire import LiveView
from djwire.decorators import event_handler
from djwire.live.checks.templates import check_bindings, check_root, check_scripts
from djwire.live.checks.views import check_template


class BindingsView(LiveView):
    template_name = "testapp/bindings.html"

    @event_handler
    def save(self, **kwargs):
        pass

    @event_handler
    def submit_form(self, **kwargs):
        pass

    def plain_method(self):
        pass


def test_bindings_naming_no_handler_are_errors_with_template_path_and_line():
    messages = check_bindings(BindingsView, get_template(BindingsView.template_name))
    assert all(m.id == "djwire.V004" and m.level == django_checks.ERROR for m in messages)
    texts = sorted(m.msg for m in messages)
    assert len(texts) == 3, texts
    assert texts[0].endswith(
        'testapp/_bindings_row.html:2: dj-blur="gone" names no @event_handler of '
        "tests.live.checks.test_templates.BindingsView."
    )
    assert 'testapp/bindings.html:4: dj-keyup="typo_handler"' in texts[1]
    assert 'testapp/bindings.html:7: dj-click="plain_method"' in texts[2]
    hints = {m.msg.split('"')[1]: m.hint for m in messages}
    assert "Mark BindingsView.plain_method with @event_handler" in hints["plain_method"]
    assert "its handlers: save, submit_form" in hints["typo_handler"]


def test_v004_is_a_warning_in_debug_so_runserver_keeps_serving():
    # An error stops runserver, and fixing the template does not restart it (issue 8).
    with override_settings(DEBUG=True):
        messages = check_bindings(BindingsView, get_template(BindingsView.template_name))
    assert len(messages) == 3
    assert all(m.id == "djwire.V004" and m.level == django_checks.WARNING for m in messages)


def from_string(source):
    return engines["django"].from_string(source)


def test_v009_a_page_that_never_renders_djwire_scripts():
    page = from_string('<div dj-root><button dj-click="save">Save</button></div>')
    (message,) = check_scripts(BindingsView, page)
    assert message.id == "djwire.V009" and message.level == django_checks.WARNING
    assert message.msg.startswith("testapp/bindings.html: the page of ")
    assert "never renders {% djwire_scripts %}" in message.msg
    assert "clicks do nothing" in message.msg
    assert "{% load djwire %}" in message.hint and "in its <head>" in message.hint


@pytest.mark.parametrize(
    "source",
    [
        # the tag in the template it extends
        '{% extends "testapp/base.html" %}{% block content %}<div dj-root></div>{% endblock %}',
        # in a template it includes, or the bundle loaded by hand
        '{% include "testapp/counter.html" %}<div dj-root></div>',
        '{% load static %}<script src="{% static "djwire/djwire.js" %}"></script><div dj-root>',
        # a template named by a variable may have it: no guess
        "{% include header %}<div dj-root></div>",
        "{% extends base %}{% block content %}<div dj-root></div>{% endblock %}",
    ],
    ids=["extends", "includes", "by-hand", "dynamic-include", "dynamic-extends"],
)
def test_v009_is_quiet_when_the_page_loads_the_client(source):
    assert check_scripts(BindingsView, from_string(source)) == []


class DynamicRootView(LiveView):
    template_name = "testapp/dynamic_root.html"

    @event_handler
    def save(self, **kwargs):
        pass


def test_v010_a_dynamic_dj_root_opening_tag_is_found_by_check():
    (message,) = check_template(DynamicRootView)
    assert message.id == "djwire.V010" and message.level == django_checks.ERROR
    assert "testapp/dynamic_root.html: keep the opening tag of the dj-root element static" in (
        message.msg
    )
    assert "<div dj-root>" in message.hint


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ('{% extends "testapp/base.html" %}{% block content %}<p></p>{% endblock %}', "extends"),
        ("<div {{ attrs }} dj-root>x</div>", "keep the opening tag"),
        ("<{{ tag }} dj-root>x</{{ tag }}>", "keep the opening tag"),
        ('<div {% if a %}class="a"{% endif %} dj-root>x</div>', "keep the opening tag"),
        ("<input dj-root>", "must be able to hold content"),
    ],
    ids=["extends-without-root", "variable-attrs", "variable-tag", "if-in-tag", "void"],
)
def test_v010_what_the_first_request_would_refuse(source, says):
    (message,) = check_root(BindingsView, from_string(source))
    assert message.id == "djwire.V010" and says in message.msg


def test_v010_is_quiet_for_a_static_root_and_for_prose_naming_it():
    assert check_root(BindingsView, from_string("<p>{{ a }} dj-root is the live part</p>")) == []
    assert (
        check_root(BindingsView, from_string('<div id="{{ x }}"><div dj-root></div></div>')) == []
    )
