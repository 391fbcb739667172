"""The demo's Django forms."""

from django import forms

from .models import Item


class TodoForm(forms.ModelForm):
    """A new todo item: its text, required and at most TODO_TEXT_MAX characters (the model's
    max_length), with the messages the page shows next to the field."""

    class Meta:
        model = Item
        fields = ["text"]
        error_messages = {
            "text": {
                "required": "Please write something.",
                "max_length": "At most %(limit_value)d characters (%(show_value)d given).",
            }
        }
