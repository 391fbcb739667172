"""The parameter validators (RE, Choice, SerializedForm) and the topic-name hash."""

import hashlib
import re

import pytest
from django import forms

from djwire.signals.utils import RE, Choice, SerializedForm, valid_topic_name
from djwire.transport.callables import BadParams, bind


def test_re_returns_the_text_or_its_first_group_then_casts_it():
    assert RE(r"^[a-z]+$")("abc") == "abc"
    assert RE(r"^(\d+)px$", caster=int)("12px") == 12
    assert RE(r"^\d+$")(42) == "42"  # a JSON number is matched as its text
    assert RE(r"^true$")(True) == "true"
    assert RE(r"^abc$", flags=re.IGNORECASE)("ABC") == "ABC"


@pytest.mark.parametrize(
    ("validator", "value", "reason"),
    [
        (RE(r"^[a-z]+$"), "X1", "does not match"),
        (RE(r"^[a-z]+$"), None, "no value"),
        (RE(r"^[a-z]+$"), ["a"], "expected a text, got a list"),
        (RE(r"^(\w+)$", caster=int), "abc", "int() refused 'abc'"),
        (Choice(["s", "m"]), "xl", "not one of 's', 'm'"),
        (Choice([1, 2], caster=int), "x", "int() refused 'x'"),
        (Choice([1, 2]), ["1"], "not one of 1, 2"),
    ],
)
def test_validators_raise_value_error_saying_why(validator, value, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        validator(value)


def test_choice_casts_before_comparing():
    assert Choice([1, 2, 3], caster=int)("2") == 2
    assert Choice([[1], [2]])([2]) == [2]  # unhashable choices are compared one by one


def test_reprs_are_readable():
    assert repr(RE(r"^[a-z]+$")) == "RE('^[a-z]+$')"
    assert repr(RE(r"^\d+$", caster=int)) == r"RE('^\\d+$', caster=int)"
    assert "IGNORECASE" in repr(RE("a", flags=re.IGNORECASE))
    assert repr(Choice(["s", "m"])) == "Choice(['s', 'm'])"
    assert repr(Choice([1], caster=int)) == "Choice([1], caster=int)"
    assert repr(SerializedForm(TitleForm)) == "SerializedForm(TitleForm)"
    assert repr(SerializedForm(TitleForm, allow_none=False)).endswith("allow_none=False)")


def test_the_error_reply_names_the_parameter_and_the_reason():
    def rename(window_info, title: RE(r"^[a-z]+$")):  # type: ignore[valid-type]
        pass

    with pytest.raises(BadParams) as caught:
        bind(rename, {"title": "X1"}, reserved=("window_info",))
    assert str(caught.value) == (
        "parameter 'title': expected RE('^[a-z]+$') (does not match), got 'X1'"
    )


class TitleForm(forms.Form):
    title = forms.CharField()
    tags = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    attachment = forms.FileField(required=False)


def test_serialized_form_binds_the_form_with_repeated_names():
    form = SerializedForm(TitleForm)(
        [
            {"name": "title", "value": "hello"},
            {"name": "tags", "value": "a"},
            {"name": "tags", "value": "b"},
        ]
    )
    assert isinstance(form, TitleForm) and form.is_bound
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "hello"
    assert form.cleaned_data["tags"] == ["a", "b"]


def test_serialized_form_a_file_field_gets_a_one_byte_file_of_that_name():
    form = SerializedForm(TitleForm)(
        [{"name": "title", "value": "x"}, {"name": "attachment", "value": "report.pdf"}]
    )
    assert form.is_valid(), form.errors
    upload = form.cleaned_data["attachment"]
    assert upload.name == "report.pdf" and upload.size == 1
    assert "attachment" not in form.data


def test_serialized_form_no_file_chosen_is_no_file():
    form = SerializedForm(TitleForm)(
        [{"name": "title", "value": "x"}, {"name": "attachment", "value": ""}]
    )
    assert form.is_valid() and form.cleaned_data["attachment"] is None


def test_serialized_form_honours_the_prefix():
    form = SerializedForm(TitleForm)(
        [{"name": "p-title", "value": "x"}, {"name": "p-attachment", "value": "a.txt"}],
        prefix="p",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["attachment"].name == "a.txt"


def test_serialized_form_none_is_an_unbound_form_or_refused():
    form = SerializedForm(TitleForm)(None)
    assert isinstance(form, TitleForm) and not form.is_bound
    with pytest.raises(ValueError, match="no form was sent"):
        SerializedForm(TitleForm, allow_none=False)(None)


@pytest.mark.parametrize("value", ["title=x", [["title", "x"]], {"title": "x"}])
def test_serialized_form_refuses_what_is_not_a_serialized_form(value):
    with pytest.raises(ValueError, match=r"a list of \{name, value\} objects"):
        SerializedForm(TitleForm)(value)


def test_valid_topic_name_is_the_sha256_of_the_topic():
    assert valid_topic_name("all") == hashlib.sha256(b"all").hexdigest()
    assert valid_topic_name(b"all") == valid_topic_name("all")
