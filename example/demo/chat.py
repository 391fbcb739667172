"""The chat of df_websockets' docs, on djwire's signals: a plain Django view makes the page a
window listening to its room; messages go through a signal and reach the room's windows as an
``html.append``; a name form is validated with ``SerializedForm``."""

from django import forms
from django.shortcuts import render

from djwire.signals.tasks import set_websocket_topics

ROOM_PATTERN = r"^[\w-]{1,40}$"


class MessageForm(forms.Form):
    """A message typed in a room."""

    text = forms.CharField(max_length=500, strip=True)


class NameForm(forms.Form):
    """The name shown beside a user's messages."""

    name = forms.CharField(max_length=30, min_length=2)


def room_topic(room: str) -> str:
    """The topic of a room's windows."""
    return f"chat-{room}"


def chat(request, room="lobby"):
    """A room: a plain Django view, a window of the room's topic."""
    set_websocket_topics(request, room_topic(room))
    name = request.session.get("chat_name", "guest")
    return render(request, "demo/chat.html", {"room": room, "name": name, "form": NameForm()})
