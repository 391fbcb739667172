"""With DEBUG on, the first render says what leaves a page dead: no djwire script (V009), and
bindings naming no handler (V004), checked again when the edited template is reloaded."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.template.autoreload import reset_loaders
from django.test import RequestFactory, override_settings

from djwire import LiveView
from djwire.decorators import event_handler

SCRIPTS = "{% load djwire %}{% djwire_scripts %}"


class EditedView(LiveView):
    template_name = "edited.html"

    @event_handler
    def save(self, **kwargs):
        pass


@pytest.fixture
def page(tmp_path):
    """Write ``edited.html`` as a developer does while runserver runs; DEBUG is on."""
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [str(tmp_path)],
            "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
        }
    ]

    def write(source):
        (tmp_path / "edited.html").write_text(source)
        reset_loaders()  # what Django's autoreloader does when a template file changes

    with override_settings(DEBUG=True, TEMPLATES=templates):
        yield write


def render():
    request = RequestFactory().get("/edited/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    response = EditedView.as_view()(request)
    assert response.status_code == 200
    return response.content.decode()


def warnings_of(caplog):
    found = [r.getMessage() for r in caplog.records if r.name == "djwire.live"]
    caplog.clear()
    return found


def test_a_page_without_the_script_is_reported_on_every_render(page, caplog):
    caplog.set_level(logging.WARNING, logger="djwire.live")
    page('<div dj-root><button dj-click="save">Save</button></div>')
    render()
    render()
    messages = warnings_of(caplog)
    assert len(messages) == 2
    assert (
        "edited.html: the page of tests.live.test_devcheck.EditedView has no djwire"
        in (messages[0])
    )
    assert "{% djwire_scripts %} in its <head>" in messages[0]
    page(SCRIPTS + '<div dj-root><button dj-click="save">Save</button></div>')
    render()
    assert warnings_of(caplog) == []


def test_an_unknown_handler_is_logged_once_then_rechecked_after_an_edit(page, caplog):
    caplog.set_level(logging.WARNING, logger="djwire.live")
    page(SCRIPTS + '<div dj-root>\n<button dj-click="svae">Save</button></div>')
    render()
    render()
    (message,) = warnings_of(caplog)
    assert 'edited.html:2: dj-click="svae" names no @event_handler of ' in message
    assert "(its handlers: save)" in message and "unknown_handler" in message
    page(SCRIPTS + '<div dj-root>\n<button dj-click="save">Save</button></div>')
    assert "Save" in render()
    assert warnings_of(caplog) == []


def test_nothing_is_checked_without_debug(page, caplog):
    caplog.set_level(logging.WARNING, logger="djwire.live")
    page('<div dj-root><button dj-click="svae">Save</button></div>')
    with override_settings(DEBUG=False):
        render()
    assert warnings_of(caplog) == []
