"""What the user typed survives patches that do not change it (issue 8): form input is the
user's until the form is submitted or the server changes that value."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import LivePage

pytestmark = pytest.mark.e2e

DONE = re.compile(r"\bdone\b")


def _unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:6]}"


def _add(live: LivePage, text: str) -> None:
    live.page.locator("#todo-text").fill(text)
    live.page.get_by_role("button", name="Add").click()
    expect(live.page.locator("#todo-list li", has_text=text)).to_have_count(1)
    live.settle()


def test_ticking_an_item_keeps_the_half_typed_todo(live):
    page = live.page
    live.open("/todo/")
    field = page.locator("#todo-text")
    item = _unique("Tick me")
    _add(live, item)

    field.fill("Half-typed")
    row = page.locator("#todo-list li", has_text=item)
    row.get_by_role("checkbox", name="Done").click()  # focus leaves the field
    expect(row).to_have_class(DONE)
    live.settle()
    expect(field).to_have_value("Half-typed")

    # Submitting is the field's end: the server resets it, and the page shows that.
    field.press("Enter")
    expect(page.locator("#todo-list li", has_text="Half-typed")).to_have_count(1)
    live.settle()
    expect(field).to_have_value("")


def test_an_item_ticked_on_another_page_keeps_the_half_typed_todo(live, open_tab):
    page = live.page
    live.open("/todo/")
    other = open_tab("/todo/", session="another browser")
    item = _unique("Ticked elsewhere")
    _add(other, item)
    row = page.locator("#todo-list li", has_text=item)
    expect(row).to_have_count(1)  # the other page's add reached this one

    field = page.locator("#todo-text")
    field.fill("Typed, then left")
    page.locator("h1").click()  # the user went on reading: the field is not focused
    other.page.locator("#todo-list li", has_text=item).get_by_role("checkbox").click()
    expect(row).to_have_class(DONE)
    expect(page.locator("#remaining")).to_have_text(re.compile(r"^\d+ left$"))
    live.settle()
    expect(field).to_have_value("Typed, then left")


def test_a_rerender_keeps_what_was_typed_in_the_playground(live):
    page = live.page
    live.open("/playground/")
    name = page.locator("#focus-name")
    name.fill("Ada")
    ticks = page.locator("#ticks")
    before = int(ticks.inner_text())
    page.get_by_role("button", name=re.compile("^Re-render")).click()
    expect(ticks).to_have_text(str(before + 1))
    live.settle()
    expect(name).to_have_value("Ada")


def test_dj_force_gives_a_focused_field_the_servers_value(live):
    page = live.page
    live.open("/playground/")
    shout = page.locator("#shout")
    shout.fill("hello")
    shout.press("Escape")
    expect(page.locator("#shout-resets")).to_have_text("1")
    live.settle()
    expect(shout).to_be_focused()
    expect(shout).to_have_value("")
    # Without a new revision, the focused field is the user's again.
    shout.fill("again")
    page.get_by_role("button", name=re.compile("^Count")).click()
    live.settle()
    expect(shout).to_have_value("again")
