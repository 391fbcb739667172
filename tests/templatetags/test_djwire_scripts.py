"""``{% djwire_scripts %}`` loads the readable bundle under DEBUG, the minified one otherwise,
and tells a signals window its token."""

import pathlib
import re
from importlib import import_module

import pytest
from django.conf import settings
from django.http import HttpRequest
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from djwire.signals.grant import read_window_token
from djwire.signals.tasks import set_websocket_topics
from djwire.transport.binding import session_binding

STATIC = pathlib.Path(__file__).resolve().parents[2] / "src" / "djwire" / "static" / "djwire"


def render() -> str:
    return Template("{% load djwire %}{% djwire_scripts %}").render(Context())


@override_settings(DEBUG=True)
def test_debug_loads_the_readable_bundle_and_says_debug():
    # data-dj-debug: the client's error message names the handler, the error and the exception.
    assert render() == (
        '<script src="/static/djwire/djwire.js" data-dj-socket="/djwire/ws/" data-dj-debug'
        " defer></script>"
    )


@override_settings(DEBUG=False)
def test_production_loads_the_minified_bundle():
    assert render() == (
        '<script src="/static/djwire/djwire.min.js" data-dj-socket="/djwire/ws/" defer></script>'
    )


@override_settings(DEBUG=True)
def test_banner_false_turns_the_reconnecting_banner_off():
    html = Template("{% load djwire %}{% djwire_scripts banner=False %}").render(Context())
    assert html == (
        '<script src="/static/djwire/djwire.js" data-dj-socket="/djwire/ws/"'
        ' data-dj-banner="off" data-dj-debug defer></script>'
    )


@override_settings(DEBUG=False)
def test_errors_false_turns_the_error_message_off():
    html = Template("{% load djwire %}{% djwire_scripts errors=False %}").render(Context())
    assert html == (
        '<script src="/static/djwire/djwire.min.js" data-dj-socket="/djwire/ws/"'
        ' data-dj-errors="off" defer></script>'
    )


@pytest.mark.parametrize("name", ["djwire.js", "djwire.min.js"])
def test_both_bundles_are_shipped_with_the_banner(name):
    text = (STATIC / name).read_text()
    assert text.startswith("// djwire client, built from client/src by 'npm run build'")


def render_for(request: HttpRequest) -> str:
    return Template("{% load djwire %}{% djwire_scripts %}").render(Context({"request": request}))


@override_settings(DEBUG=False)
def test_a_signals_window_gets_its_token_in_data_dj_window():
    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    set_websocket_topics(request, "room-5")
    html = render_for(request)
    token = re.search(r'data-dj-window="([^"]+)"', html)
    assert token is not None
    grant = read_window_token(token.group(1), session_binding(request.session.session_key))
    assert "key.room-5" in grant.topics and "all" in grant.topics


@override_settings(DEBUG=False)
def test_a_page_that_is_not_a_window_has_no_data_dj_window():
    assert "data-dj-window" not in render_for(RequestFactory().get("/"))
