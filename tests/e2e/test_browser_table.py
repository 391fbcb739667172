"""The 1,000-row table: debounced filter, sort by column, inline edit of a price."""

import json
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _sent_events(frames, name):
    """The `event` frames for handler `name` among the WebSocket frames the page sent."""
    found = []
    for frame in frames:
        try:
            _ref, _topic, event, payload = json.loads(frame)
        except (TypeError, ValueError):
            continue
        if event == "event" and isinstance(payload, dict) and payload.get("e") == name:
            found.append(payload)
    return found


def _prices(page):
    return [Decimal(text) for text in page.locator("tbody td.price").all_text_contents()]


def test_debounced_filter_keeps_focus_and_value(live):
    page = live.page
    frames = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: frames.append(frame)))
    live.open("/table/")
    count = page.locator("#visible-count")
    expect(count).to_have_text("1000")

    field = page.get_by_label("Filter by name")
    field.press_sequentially("Product 12", delay=40)

    # "Product 12" matches 12 and 120..129.
    expect(count).to_have_text("11")
    live.settle()
    expect(page.locator("tbody tr[data-id]")).to_have_count(11)
    expect(field).to_be_focused()
    expect(field).to_have_value("Product 12")
    # Keystrokes 40 ms apart with a 300 ms debounce: one event, with the whole value.
    sent = _sent_events(frames, "search")
    assert [p["p"]["value"] for p in sent] == ["Product 12"]

    # Typing on after the reply keeps what was typed, and the filter follows.
    field.press_sequentially("3", delay=40)
    expect(count).to_have_text("1")
    expect(field).to_be_focused()
    expect(field).to_have_value("Product 123")

    field.fill("")
    expect(count).to_have_text("1000")


def test_sort_by_price_desc_then_asc(live):
    page = live.page
    live.open("/table/")
    header = page.locator("th[data-column=price]")
    button = header.get_by_role("button", name="Price")
    first_row = page.locator("tbody tr").first

    button.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    live.settle()
    ascending = _prices(page)
    assert len(ascending) == 1000
    assert ascending == sorted(ascending)

    button.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    live.settle()
    descending = _prices(page)
    assert descending == sorted(ascending, reverse=True)
    top_id = first_row.get_attribute("data-id")
    expect(first_row.locator("td.price")).to_have_text(f"{max(ascending):.2f}")

    button.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    live.settle()
    expect(first_row.locator("td.price")).to_have_text(f"{min(ascending):.2f}")
    assert first_row.get_attribute("data-id") != top_id
    assert _prices(page) == sorted(ascending)

    # Another column starts ascending; the price header is no longer sorted.
    page.locator("th[data-column=stock]").get_by_role("button").click()
    expect(page.locator("th[data-column=stock]")).to_have_attribute("aria-sort", "ascending")
    expect(header).to_have_attribute("aria-sort", "none")
    live.settle()


def test_inline_edit_of_a_price(live):
    page = live.page
    live.open("/table/")
    row = page.locator('tbody tr[data-id="7"]')
    expect(row.locator("td.name")).to_have_text("Product 7")
    old_price = row.locator("td.price").inner_text()

    row.get_by_role("button", name="edit").click()
    price = row.get_by_label("Price of Product 7")
    expect(price).to_have_value(old_price)

    price.fill("-3")
    row.get_by_role("button", name="Save").click()
    expect(row.locator(".error")).to_have_text("The price cannot be negative.")
    expect(price).to_have_value("-3")

    price.fill("twelve")
    row.get_by_role("button", name="Save").click()
    expect(row.locator(".error")).to_have_text("Enter a number, like 12.50.")

    price.fill("12.5")
    row.get_by_role("button", name="Save").click()
    expect(row.locator("td.price")).to_have_text("12.50")
    expect(row.locator("input")).to_have_count(0)
    expect(row.locator(".error")).to_have_count(0)
    live.settle()

    # Cancel leaves another row as it was.
    other = page.locator('tbody tr[data-id="8"]')
    other_price = other.locator("td.price").inner_text()
    other.get_by_role("button", name="edit").click()
    other.get_by_label("Price of Product 8").fill("1")
    other.get_by_role("button", name="Cancel").click()
    expect(other.locator("td.price")).to_have_text(other_price)
    live.settle()

    # The new price is in the database: a fresh page shows it.
    live.open("/table/")
    expect(page.locator('tbody tr[data-id="7"] td.price')).to_have_text("12.50")


def test_editing_a_row_patches_that_row_only(live):
    # Cost follows the change in the browser too: a diff that only changes keyed rows patches
    # those rows' elements; the rest of the 1,000-row table is not rebuilt or visited.
    page = live.page
    live.open("/table/")
    page.evaluate("document.querySelector('tbody tr[data-id=\"9\"]').marked = true")
    before = page.evaluate("window.djwire.views[0].patches")
    row = page.locator('tbody tr[data-id="7"]')
    row.get_by_role("button", name="edit").click()
    expect(row.get_by_label("Price of Product 7")).to_be_visible()
    row.get_by_role("button", name="Cancel").click()
    expect(row.locator("input")).to_have_count(0)
    live.settle()
    after = page.evaluate("window.djwire.views[0].patches")
    assert after["rows"] >= before["rows"] + 2
    assert after["whole"] == before["whole"]
    assert page.evaluate("document.querySelector('tbody tr[data-id=\"9\"]').marked === true")
