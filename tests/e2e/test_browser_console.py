"""Every demo page runs without a console error or an uncaught exception."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_no_console_errors(live):
    page = live.page
    page.goto(live.server.url("/"))
    expect(page.get_by_role("link", name="Counter")).to_be_visible()

    live.open("/counter/")
    page.get_by_role("button", name="Increment").click()
    expect(page.locator("#count")).to_have_text("1")

    live.open("/todo/")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("#todo-text-error")).to_be_visible()

    live.open("/table/")
    page.locator("th[data-column=name]").get_by_role("button").click()
    expect(page.locator("th[data-column=name]")).to_have_attribute("aria-sort", "ascending")
    live.settle()

    assert live.console.errors == []
