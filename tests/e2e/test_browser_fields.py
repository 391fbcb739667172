"""What the user typed survives patches that do not change it (issue 8): form input is the
user's until the form is submitted or the server changes that value."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect
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


class HeldSubmitReply:
    """Between the page and the server: the reply to the page's next dj-submit waits here
    until ``release()``, as it does on a slow connection. Other frames pass through."""

    def __init__(self, page: Page) -> None:
        self.holding = True
        self.submit_ref: int | None = None
        self.held: list[str | bytes] = []
        self.page_side: WebSocketRoute | None = None
        page.route_web_socket(re.compile(r"/djwire/ws/"), self._route)

    def _route(self, page_side: WebSocketRoute) -> None:
        server = page_side.connect_to_server()
        self.page_side = page_side

        def to_server(message: str | bytes) -> None:
            ref, _topic, event, payload = json.loads(message)
            if event == "event" and payload.get("e") == "submit" and self.submit_ref is None:
                self.submit_ref = ref
            server.send(message)

        def to_page(message: str | bytes) -> None:
            if self.holding and json.loads(message)[0] == self.submit_ref:
                self.held.append(message)
            else:
                page_side.send(message)

        page_side.on_message(to_server)
        server.on_message(to_page)

    def release(self) -> None:
        """Deliver the held reply (or let it through when it comes)."""
        assert self.page_side is not None and self.submit_ref is not None
        self.holding = False
        for message in self.held:
            self.page_side.send(message)
        self.held.clear()


def test_text_typed_while_the_submit_is_in_flight_survives_its_reply(live):
    # Regression (a flaky test under load): the field's dj-change and its form's dj-submit went
    # out together; the change's reply cleaned the field, the user typed a shorter text, and
    # the submit's reply put the long one back, which the next submit then sent.
    page = live.page
    held = HeldSubmitReply(page)
    live.open("/todo/")
    field = page.locator("#todo-text")
    field.fill("x" * 81)
    page.get_by_role("button", name="Add").click()
    expect(page.locator("#todo-text-error")).to_contain_text("At most 80 characters")

    text = _unique("Corrected in time")
    field.fill(text)
    held.release()
    live.settle()
    expect(field).to_have_value(text)
    page.get_by_role("button", name="Add").click()
    expect(page.locator("#todo-list li", has_text=text)).to_have_count(1)


def test_ticking_an_item_keeps_the_half_typed_todo(live):
    page = live.page
    live.open("/todo/")
    field = page.locator("#todo-text")
    item = _unique("Tick me")
    _add(live, item)

    # Unique: a row left by an earlier run of this test would pass the count below at once.
    half_typed = _unique("Half-typed")
    field.fill(half_typed)
    row = page.locator("#todo-list li", has_text=item)
    row.get_by_role("checkbox", name="Done").click()  # focus leaves the field
    expect(row).to_have_class(DONE)
    live.settle()
    expect(field).to_have_value(half_typed)

    # Submitting is the field's end: the server resets it, and the page shows that.
    field.press("Enter")
    expect(page.locator("#todo-list li", has_text=half_typed)).to_have_count(1)
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
