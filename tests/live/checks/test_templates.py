"""djwire.V004: a binding in the template that names no event handler, with path and line."""

from django.core import checks as django_checks
from django.template.loader import get_template

from djwire import LiveView
from djwire.decorators import event_handler
from djwire.live.checks.templates import check_bindings


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
