"""The todo demo: inline validation, keyed rows, in-place toggle, delete."""

import re
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _unique(text):
    return f"{text} {uuid.uuid4().hex[:6]}"


def test_add_validate_toggle_delete(live):
    page = live.page
    live.open("/todo/")
    field = page.locator("#todo-text")
    error = page.locator("#todo-text-error")
    add = page.get_by_role("button", name="Add")

    # Empty: an inline error next to the field, nothing added.
    add.click()
    expect(error).to_have_text("Please write something.")
    expect(field).to_have_attribute("aria-invalid", "true")

    # Valid: listed, the field is cleared, the error is gone.
    text = _unique("Buy milk")
    field.fill(text)
    add.click()
    row = page.locator("#todo-list li", has_text=text)
    expect(row).to_have_count(1)
    expect(field).to_have_value("")
    expect(error).to_have_count(0)
    live.settle()

    # Toggle done: the dict in state is changed in place; the row gets the class, and the
    # count that get_context_data derives from the list follows.
    remaining = page.locator("#remaining")
    left = int(remaining.inner_text().split()[0])
    row.get_by_role("checkbox", name="Done").click()
    expect(row).to_have_class(re.compile(r"\bdone\b"))
    expect(row.get_by_role("checkbox")).to_be_checked()
    expect(remaining).to_have_text(f"{left - 1} left")
    row.get_by_role("checkbox", name="Done").click()
    expect(row).not_to_have_class(re.compile(r"\bdone\b"))
    live.settle()

    # Delete.
    row.get_by_role("button", name="Delete").click()
    expect(row).to_have_count(0)
    live.settle()


def test_too_long_text_keeps_the_field(live):
    page = live.page
    live.open("/todo/")
    field = page.locator("#todo-text")
    error = page.locator("#todo-text-error")

    field.fill("x" * 81)
    page.get_by_role("button", name="Add").click()
    expect(error).to_contain_text("At most 80 characters")
    expect(field).to_have_value("x" * 81)

    text = _unique("Short enough")
    field.fill(text)
    page.get_by_role("button", name="Add").click()
    expect(page.locator("#todo-list li", has_text=text)).to_have_count(1)
    expect(error).to_have_count(0)
    expect(field).to_have_value("")


def test_rows_keep_their_nodes(live):
    """Keyed rows: deleting the first of three keeps the DOM nodes of the other two."""
    page = live.page
    live.open("/todo/")
    field = page.locator("#todo-text")
    texts = [_unique(f"Keyed {n}") for n in range(3)]
    for text in texts:
        field.fill(text)
        page.get_by_role("button", name="Add").click()
        expect(page.locator("#todo-list li", has_text=text)).to_have_count(1)
    live.settle()

    rows = [page.locator("#todo-list li", has_text=text) for text in texts]
    for row in rows[1:]:
        row.evaluate("el => { el.__marker = true; }")
    rows[0].get_by_role("button", name="Delete").click()
    expect(rows[0]).to_have_count(0)
    live.settle()
    for row in rows[1:]:
        assert row.evaluate("el => el.__marker === true")
        row.get_by_role("button", name="Delete").click()
        expect(row).to_have_count(0)


def test_enter_in_the_field_submits_and_clears_it(live):
    # Regression: the focused field kept its text after its own form's dj-submit.
    page = live.page
    live.open("/todo/")
    field = page.locator("#todo-text")
    text = _unique("Submitted with Enter")
    field.fill(text)
    field.press("Enter")
    expect(page.locator("#todo-list li", has_text=text)).to_have_count(1)
    live.settle()
    expect(field).to_be_focused()
    expect(field).to_have_value("", timeout=2_000)


def test_double_clicking_add_creates_one_todo(live):
    # The form's submit buttons are disabled while its dj-submit is in flight.
    page = live.page
    live.open("/todo/")
    field = page.locator("#todo-text")
    add = page.get_by_role("button", name="Add")
    text = _unique("Clicked twice")
    field.fill(text)
    add.dblclick()
    expect(page.locator("#todo-list li", has_text=text)).to_have_count(1)
    live.settle()
    expect(add).to_be_enabled()
    expect(field).to_have_value("")
    # Settled: still one, and the button sends again.
    expect(page.locator("#todo-list li", has_text=text)).to_have_count(1)
    again = _unique("Then once more")
    field.fill(again)
    add.click()
    expect(page.locator("#todo-list li", has_text=again)).to_have_count(1)
    expect(page.locator("#todo-list li", has_text=text)).to_have_count(1)


def test_field_errors_show_on_change_and_clear_when_valid(live):
    # A Django ModelForm (LiveFormMixin): validated when the field changes, before any submit.
    page = live.page
    live.open("/todo/")
    field = page.locator("#todo-text")
    error = page.locator("#todo-text-error")
    rows = page.locator("#todo-list li")
    expect(error).to_have_count(0)  # an untouched form shows no error
    count = rows.count()

    field.fill("x" * 81)
    field.press("Tab")  # the change event
    expect(error).to_have_text("At most 80 characters (81 given).")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("x" * 81)

    field.fill("x" * 80)
    field.press("Tab")
    expect(error).to_have_count(0)
    expect(field).not_to_have_attribute("aria-invalid", "true")
    live.settle()
    expect(rows).to_have_count(count)  # validated, not submitted

    field.fill("")
    field.press("Tab")
    expect(error).to_have_text("Please write something.")
