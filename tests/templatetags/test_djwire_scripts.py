"""``{% djwire_scripts %}`` loads the readable bundle under DEBUG, the minified one otherwise,
and tells a signals window its token."""

import pathlib

import pytest
from django.http import HttpRequest
from django.template import Context, Template
from django.test import RequestFactory, override_settings

STATIC = pathlib.Path(__file__).resolve().parents[2] / "src" / "djwire" / "static" / "djwire"


def render() -> str:
    return Template("{% load djwire %}{% djwire_scripts %}").render(Context())


@override_settings(DEBUG=True)
def test_debug_loads_the_readable_bundle():
    assert render() == (
        '<script src="/static/djwire/djwire.js" data-dj-socket="/djwire/ws/" defer></script>'
    )


@override_settings(DEBUG=False)
def test_production_loads_the_minified_bundle():
    assert render() == (
        '<script src="/static/djwire/djwire.min.js" data-dj-socket="/djwire/ws/" defer></script>'
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
    request.djwire_window_token = "tok<en>"  # type: ignore[attr-defined]
    assert render_for(request) == (
        '<script src="/static/djwire/djwire.min.js" data-dj-socket="/djwire/ws/" '
        'data-dj-window="tok&lt;en&gt;" defer></script>'
    )


@override_settings(DEBUG=False)
def test_a_page_that_is_not_a_window_has_no_data_dj_window():
    assert "data-dj-window" not in render_for(RequestFactory().get("/"))
