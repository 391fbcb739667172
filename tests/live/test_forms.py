"""Django forms in a LiveView (issue 8): LiveFormMixin binds the form to dj-change and
dj-submit params, shows per-field errors of the fields the user changed, and calls
form_valid / form_invalid on submit."""

from typing import Any

from django import forms

from djwire import LiveFormMixin, LiveView, state
from djwire.testing import LiveViewTestClient


class ShirtForm(forms.Form):
    title = forms.CharField(max_length=10, error_messages={"required": "Name it."})
    size = forms.IntegerField(min_value=1)


class ShirtView(LiveFormMixin, LiveView):
    template_name = "testapp/form.html"
    form_class = ShirtForm
    saved = state(default=[])

    def form_valid(self, form: Any) -> None:
        self.saved.append(form.cleaned_data["title"])
        super().form_valid(form)


def test_the_untouched_form_shows_no_error():
    with LiveViewTestClient(ShirtView) as client:
        client.mount()
        assert "error" not in client.html()


def test_a_change_shows_the_errors_of_the_changed_field_only():
    with LiveViewTestClient(ShirtView) as client:
        client.mount()
        client.send_event("validate", title="far too long a title", size="")
        html = client.html()
        assert '<span id="title-error">Ensure this value has at most 10 characters' in html
        assert "size-error" not in html  # not touched yet: no "required" shown
        assert 'value="far too long a title"' in html  # the field keeps what was typed


def test_errors_clear_when_the_field_becomes_valid():
    with LiveViewTestClient(ShirtView) as client:
        client.mount()
        client.send_event("validate", title="far too long a title", size="")
        client.send_event("validate", title="Tee", size="")
        assert "title-error" not in client.html()
        client.send_event("validate", title="", size="")
        assert '<span id="title-error">Name it.</span>' in client.html()


def test_an_invalid_submit_shows_every_fields_errors_and_saves_nothing():
    with LiveViewTestClient(ShirtView) as client:
        client.mount()
        client.send_event("submit", title="Tee", size="zero")
        html = client.html()
        assert '<span id="size-error">Enter a whole number.</span>' in html
        assert "title-error" not in html and client.view.saved == []


def test_a_valid_submit_calls_form_valid_and_resets_the_form():
    with LiveViewTestClient(ShirtView) as client:
        client.mount()
        client.send_event("validate", title="Tee", size="")
        client.send_event("submit", title="Tee", size="3", extra="not a field")
        assert client.view.saved == ["Tee"]
        html = client.html()
        assert "<li>Tee</li>" in html and 'value="Tee"' not in html and "error" not in html


def test_a_change_of_one_field_keeps_what_the_others_hold():
    # dj-change on a field sends {"value": v, name: v}: the other fields keep their data.
    with LiveViewTestClient(ShirtView) as client:
        client.mount()
        client.send_event("validate", value="Tee", title="Tee")
        client.send_event("validate", value="0", size="0")
        html = client.html()
        assert 'value="Tee"' in html and 'value="0"' in html
        assert '<span id="size-error">' in html and "title-error" not in html
        assert client.view.form_touched == ["size", "title"]
