"""The shared note (issue 8): two tabs typing in turn never lose an edit. A focused textarea is
the user's; the other tab's save reaches it when focus leaves it, and a save typed over an
older version is refused and shown, not written over the newer one."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import ExampleServer, LivePage

pytestmark = pytest.mark.e2e

NOTE = "/notes/1/"


@pytest.fixture
def tabs(open_tab):
    """Two tabs of one browser (one session) on note 1."""
    return [open_tab(NOTE), open_tab(NOTE)]


def saved_text(server: ExampleServer) -> str:
    code = "from demo.models import Note; print(Note.objects.get(pk=1).content, end='')"
    return server.manage("shell", "--no-imports", "-c", code)


def type_at_end(tab: LivePage, text: str) -> None:
    """Click into the textarea, go to its end and type (each key an input event)."""
    field = tab.page.locator("#note-content")
    field.click()
    field.press("End")
    field.press("Control+End")
    field.press_sequentially(text)


def test_two_tabs_typing_in_turn_lose_no_edit(tabs, server):
    a, b = tabs
    area_a, area_b = (tab.page.locator("#note-content") for tab in tabs)

    area_a.fill("start.")
    expect(area_b).to_have_value("start.")  # b is not focused: it follows
    type_at_end(a, " A1.")
    expect(area_b).to_have_value("start. A1.")
    a.settle()

    # b types on top of what it has seen; a, still focused, keeps what it shows meanwhile.
    type_at_end(b, " B1.")
    expect(b.page.locator("#note-saved")).to_have_text(str(len("start. A1. B1.")))
    b.settle()
    expect(area_a).to_be_focused()
    expect(area_a).to_have_value("start. A1.")
    assert saved_text(server) == "start. A1. B1."

    # a types over the text it shows, which is older than the saved one: refused and shown.
    type_at_end(a, " A2.")
    conflict = a.page.locator("#note-conflict")
    expect(conflict).to_be_visible()
    expect(a.page.locator("#note-theirs")).to_have_text("start. A1. B1.")
    expect(a.page.locator("#note-mine")).to_have_text("start. A1. A2.")
    a.settle()
    assert saved_text(server) == "start. A1. B1."
    expect(area_b).to_have_value("start. A1. B1.")

    # a keeps the saved text (focus leaves the textarea, which takes it), then types again.
    a.page.get_by_role("button", name="Keep the saved text").click()
    expect(conflict).to_have_count(0)
    expect(area_a).to_have_value("start. A1. B1.")
    a.settle()
    type_at_end(a, " A2.")
    expect(a.page.locator("#note-saved")).to_have_text(str(len("start. A1. B1. A2.")))
    a.settle()
    assert saved_text(server) == "start. A1. B1. A2."

    # b, focused since it typed, shows its text until focus leaves; then it takes a's save.
    expect(area_b).to_be_focused()
    expect(area_b).to_have_value("start. A1. B1.")
    b.page.locator("h1").click()
    expect(area_b).to_have_value("start. A1. B1. A2.")
    expect(area_a).to_have_value("start. A1. B1. A2.")


def test_saving_mine_over_the_newer_text_after_a_conflict(tabs, server):
    a, b = tabs
    area_a, area_b = (tab.page.locator("#note-content") for tab in tabs)
    area_a.fill("base.")
    expect(area_b).to_have_value("base.")
    a.settle()
    type_at_end(b, " from b.")
    expect(area_a).to_have_value("base.")  # a is focused: b's save waits for its blur
    b.settle()

    type_at_end(a, " from a.")
    expect(a.page.locator("#note-conflict")).to_be_visible()
    a.page.get_by_role("button", name="Save mine over it").click()
    expect(a.page.locator("#note-conflict")).to_have_count(0)
    expect(area_a).to_have_value("base. from a.")
    a.settle()
    assert saved_text(server) == "base. from a."
    b.page.locator("h1").click()
    expect(area_b).to_have_value("base. from a.")
