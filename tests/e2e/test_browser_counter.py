"""The counter demo: clicks reach the server and the page shows the new count."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_three_clicks_show_three(live):
    live.open("/counter/")
    count = live.page.locator("#count")
    expect(count).to_have_text("0")

    plus = live.page.get_by_role("button", name="Increment")
    for _ in range(3):
        plus.click()

    expect(count).to_have_text("3")
    live.settle()
    expect(live.page.locator(".dj-loading")).to_have_count(0)


def test_decrement_and_reset(live):
    live.open("/counter/")
    count = live.page.locator("#count")
    live.page.get_by_role("button", name="+10").click()
    expect(count).to_have_text("10")
    live.page.get_by_role("button", name="Decrement").click()
    expect(count).to_have_text("9")
    live.page.get_by_role("button", name="Reset").click()
    expect(count).to_have_text("0")
    live.settle()
