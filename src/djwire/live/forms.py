"""Django forms in a LiveView: ``LiveFormMixin`` binds a ``Form`` or ``ModelForm`` to what the
page's form sends, validates it on every change, and calls ``form_valid`` / ``form_invalid``
on submit, as Django's ``FormView`` does.

The form object is not state (it cannot be saved): the state is the data the browser sent
(``form_data``) and the fields the user changed (``form_touched``); the form is rebuilt from
them for each render, so ``{{ form.title.errors }}`` in the template works as in Django.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from djwire.decorators import event_handler
from djwire.live.protocol import PARAM_VALUE
from djwire.live.stateful import StatefulView, state


class LiveFormMixin(StatefulView):
    """A LiveView with one Django form: ``class V(LiveFormMixin, LiveView)``.

    Set ``form_class`` (and ``initial``), bind the form in the template to the two handlers,
    and override ``form_valid`` (a ``ModelForm`` is saved by default)::

        <form dj-submit="submit">
          <input name="title" dj-change="validate"
                 value="{{ form.title.value|default_if_none:'' }}">
          {{ form.title.errors }}
        </form>

    ``validate`` binds the form to the fields sent and shows the errors of the fields the user
    changed (a field not yet touched shows none); ``submit`` binds all of them and calls
    ``form_valid(form)`` or ``form_invalid(form)``. ``form`` is in the template context.
    """

    form_class: ClassVar[type[forms.BaseForm] | None] = None
    initial: ClassVar[dict[str, Any]] = {}
    # What the page's form sent last (None: not bound yet), and the fields the user changed.
    form_data = state(default=None)
    form_touched = state(default=[])

    def get_form_class(self) -> type[forms.BaseForm]:
        """The form's class: ``form_class``."""
        if self.form_class is None:
            raise TypeError(f"{type(self).__qualname__} needs a form_class")
        return self.form_class

    def get_initial(self) -> dict[str, Any]:
        """The unbound form's initial values: a copy of ``initial``."""
        return dict(self.initial)

    def get_form_kwargs(self) -> dict[str, Any]:
        """The form's arguments: ``initial``, and ``data`` once the page sent some. Override
        to add ``instance=`` for a ``ModelForm`` that edits an object."""
        kwargs: dict[str, Any] = {"initial": self.get_initial()}
        if self.form_data is not None:
            kwargs["data"] = dict(self.form_data)
        return kwargs

    def get_form(self) -> forms.BaseForm:
        """The form, bound to what the page sent (unbound before the first change)."""
        return self.get_form_class()(**self.get_form_kwargs())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            context["form"] = self._shown_form()
        return context

    @event_handler
    def validate(self, **params: Any) -> None:
        """``dj-change`` on the form (every field) or on one field: bind the form to what was
        sent; the fields whose value changed are the user's, and show their errors from now
        on."""
        previous = self.form_data if self.form_data is not None else self._initial_values()
        sent = self._fields_of(params)
        names = self._field_names()
        if PARAM_VALUE in params and PARAM_VALUE not in names:
            # One field's change (its params carry "value"): the others keep what they had.
            sent = {**previous, **sent}
            names = [name for name in names if name in params]
        changed = [n for n in names if _as_sent(sent.get(n)) != _as_sent(previous.get(n))]
        self.form_data = sent
        self.form_touched = sorted({*self.form_touched, *changed})

    @event_handler
    def submit(self, **params: Any) -> None:
        """``dj-submit`` on the form: bind it, then ``form_valid`` or ``form_invalid``."""
        self.form_data = self._fields_of(params)
        self.form_touched = self._field_names()
        form = self.get_form()
        if form.is_valid():
            self.form_valid(form)
        else:
            self.form_invalid(form)

    def form_valid(self, form: forms.BaseForm) -> None:
        """The submitted form is valid: a ``ModelForm`` is saved; the form is then reset."""
        if isinstance(form, forms.BaseModelForm):
            form.save()
        self.reset_form()

    def form_invalid(self, form: forms.BaseForm) -> None:
        """The submitted form is not valid: it stays as typed, every field's errors shown."""

    def reset_form(self) -> None:
        """Back to the unbound form with its initial values, no error shown."""
        self.form_data = None
        self.form_touched = []

    # -- helpers ---------------------------------------------------------------------------

    def _field_names(self) -> list[str]:
        # Set on every Form and ModelForm class by Django's declarative metaclass.
        declared: dict[str, Any] = getattr(self.get_form_class(), "base_fields", {})
        return list(declared)

    def _fields_of(self, params: dict[str, Any]) -> dict[str, Any]:
        # Only the form's fields: dj-value-* and the client's own keys are not form data.
        return {name: params[name] for name in self._field_names() if name in params}

    def _initial_values(self) -> dict[str, Any]:
        """The unbound form's values as a browser would send them."""
        form = self.get_form_class()(initial=self.get_initial())
        return {name: _as_sent(form[name].value()) for name in form.fields}

    def _shown_form(self) -> forms.BaseForm:
        """The form for the template: a field the user has not changed shows no error yet."""
        form = self.get_form()
        if form.is_bound:
            touched = set(self.form_touched)
            for name in list(form.errors):
                if name != NON_FIELD_ERRORS and name not in touched:
                    del form.errors[name]
        return form


def _as_sent(value: Any) -> Any:
    """A value as a browser's form sends it, to compare initial values with what was sent:
    an unchecked box or an empty initial is not sent (""), a checked box is "on"."""
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [_as_sent(item) for item in value]
    return str(value)
