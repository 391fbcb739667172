"""The chat's signals (found at startup, as df_websockets finds <app>/signals.py)."""

import os
import time

from django.template.loader import render_to_string

from djwire.signals.decorators import everyone, is_authenticated, signal
from djwire.signals.tasks import SESSION, USER, WINDOW, trigger, trigger_signal
from djwire.signals.utils import RE, SerializedForm

from .chat import ROOM_PATTERN, MessageForm, NameForm, room_topic


@signal(path="chat.send", is_allowed_to=everyone)
def send(window_info, room: RE(ROOM_PATTERN), form: SerializedForm(MessageForm) = None):
    """A message typed in a room: every window of the room shows it."""
    if form is None or not form.is_valid():
        return  # an empty message: nothing to send
    text = form.cleaned_data["text"]
    who = _names.get(window_info.window_key, "guest")
    html = render_to_string("demo/_chat_message.html", {"who": who, "text": text})
    trigger(window_info, "html.append", to=[room_topic(room)], selector="#messages", content=html)
    trigger(
        window_info,
        "html.forms.set",
        to=WINDOW,
        selector="#send",
        values=[{"name": "text", "value": ""}],
    )


@signal(path="chat.rename", is_allowed_to=everyone)
def rename(window_info, form: SerializedForm(NameForm) = None):
    """The name form: errors in this window, or the new name."""
    if form is None or not form.is_valid():
        errors = "; ".join(e for field in form.errors.values() for e in field) if form else ""
        trigger(window_info, "html.text", to=WINDOW, selector="#name-error", content=errors)
        return
    _names[window_info.window_key] = form.cleaned_data["name"]
    trigger(window_info, "html.text", to=WINDOW, selector="#name-error", content="")
    trigger(
        window_info, "html.text", to=WINDOW, selector="#name", content=form.cleaned_data["name"]
    )


@signal(path="chat.ping_session", is_allowed_to=everyone)
def ping_session(window_info):
    """Every tab of this browser session shows the ping (SESSION)."""
    trigger(window_info, "html.text", to=SESSION, selector="#pinged", content=_ping(window_info))


@signal(path="chat.ping_user", is_allowed_to=is_authenticated)
def ping_user(window_info):
    """Every window of this user, in any browser, shows the ping (USER)."""
    trigger(window_info, "html.text", to=USER, selector="#pinged", content=_ping(window_info))


def _ping(window_info) -> str:
    return f"pinged by {window_info.username or 'a guest'} at {time.strftime('%H:%M:%S')}"


@signal(path="chat.remind", is_allowed_to=everyone)
def remind(window_info, room: RE(ROOM_PATTERN), text: str, seconds: int = 1):
    """A reminder to the room, ``seconds`` later (at most a minute): a delayed signal."""
    html = render_to_string("demo/_chat_message.html", {"who": "reminder", "text": text})
    trigger_signal(
        window_info,
        "html.append",
        to=[room_topic(room)],
        kwargs={"selector": "#messages", "content": html},
        countdown=min(max(seconds, 0), 60),
    )


@signal(path="demo.ping")  # server_side: triggered by `manage.py ping_room`, not by browsers
def ping(window_info, room: RE(ROOM_PATTERN), text: str = "ping"):
    """A server signal that reaches the browsers of a room from whichever worker runs it."""
    html = render_to_string("demo/_chat_message.html", {"who": "server", "text": text})
    trigger(window_info, "html.append", to=[room_topic(room)], selector="#messages", content=html)


@signal(path="demo.fail", is_allowed_to=everyone)
def fail(window_info):
    """Raises, to show that the worker logs it (with the signal and the window) and goes on."""
    raise RuntimeError(f"demo.fail raises on purpose (process {os.getpid()})")


# Names by window: a demo keeps them in memory (one server process, gone on restart).
_names: dict[str, str] = {}
