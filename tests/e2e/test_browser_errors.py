"""Errors on the page (issue 8): in DEBUG a dismissible message names the failed event, the
error code and reason and the server's exception type; in production it says only "Something
went wrong.", and nothing the browser receives names the exception."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect
from tests.e2e.conftest import ROOT, ExampleServer

pytestmark = pytest.mark.e2e

STATIC = ROOT / "src" / "djwire" / "static"
# Every djwire:error's detail, as the page's own scripts see it.
RECORD_ERRORS = """
window.__errors = [];
document.addEventListener("djwire:error", (event) => window.__errors.push(event.detail));
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExampleServer]:
    """The example with DEBUG off (DJWIRE_EXAMPLE_DEBUG=0), its own database."""
    workdir = tmp_path_factory.mktemp("production")
    env = {"DJWIRE_EXAMPLE_DEBUG": "0"}
    example = ExampleServer(workdir / "db.sqlite3", workdir / "server.log", env)
    example.manage("migrate", "--noinput")
    example.start()
    yield example
    example.stop()


def serve_static(page: Page) -> None:
    """Without DEBUG Django serves no static files (a site's web server does): serve the
    committed bundles from disk, as that server would."""

    def fulfill(route: Route) -> None:
        name = route.request.url.split("/static/", 1)[1].split("?", 1)[0]
        route.fulfill(path=Path(STATIC, name), content_type="text/javascript")

    page.route("**/static/djwire/*", fulfill)
    page.add_init_script(RECORD_ERRORS)


def flash(page: Page):
    return page.locator(".dj-error-flash")


def test_debug_a_crashed_handler_is_named_with_its_exception(live):
    page = live.page
    page.add_init_script(RECORD_ERRORS)
    live.open("/playground/")
    message = flash(page)
    expect(message).to_be_hidden()

    page.get_by_role("button", name="Raise").click()
    expect(message).to_be_visible()
    expect(message.locator("p")).to_have_text(
        [
            'djwire: handler_error in event "explode"',
            "PlaygroundView.explode raised PlaygroundError: the playground raises on purpose",
            "Exception: demo.playground.PlaygroundError",
        ]
    )
    live.settle()

    # Dismissed, and the page goes on working.
    message.get_by_role("button", name="Dismiss").click()
    expect(message).to_be_hidden()
    clicks = page.locator("#clicks")
    before = int(clicks.inner_text())
    page.get_by_role("button", name=re.compile("^Count")).click()
    expect(clicks).to_have_text(str(before + 1))
    expect(message).to_be_hidden()


def test_debug_a_refused_event_is_named(live):
    page = live.page
    live.open("/playground/")
    page.get_by_role("button", name="Call a plain method").click()
    expect(flash(page).locator("p").first).to_have_text(
        'djwire: unknown_handler in event "not_a_handler"'
    )
    expect(flash(page)).to_contain_text("is not marked @event_handler")
    live.settle()


# The page as served, but its join token forged before the client reads it.
FORGE_TOKEN = """
new MutationObserver((_, observer) => {
  const root = document.querySelector("[dj-root]");
  if (root) { root.setAttribute("dj-token", "forged"); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });
"""


def test_debug_a_refused_join_is_shown(live):
    page = live.page
    page.add_init_script(FORGE_TOKEN)
    page.goto(live.server.url("/counter/"))
    expect(flash(page).locator("p")).to_have_text(
        ["djwire: bad_token", "join token signature is not valid"]
    )
    expect(live.root).to_have_class(re.compile(r"\bdj-error\b"))
    flash(page).get_by_role("button", name="Dismiss").click()
    expect(flash(page)).to_be_hidden()


def test_production_says_something_went_wrong_and_never_the_exception(open_tab, production):
    tab = open_tab("/playground/", on=production, before=serve_static)
    page = tab.page
    page.get_by_role("button", name="Raise").click()
    message = flash(page)
    expect(message).to_be_visible()
    expect(message.locator("p")).to_have_text(["Something went wrong."])
    tab.settle()
    # The frame itself does not carry the exception: not in the reason, no `exception` key.
    details = page.evaluate("window.__errors")
    assert [d["code"] for d in details] == ["handler_error"]
    assert details[0]["reason"] == "PlaygroundView.explode raised an exception"
    assert "exception" not in details[0]
    assert "PlaygroundError" not in message.inner_text()
    message.get_by_role("button", name="Dismiss").click()
    expect(message).to_be_hidden()
