"""Signals in the browser: the chat of df_websockets' docs on djwire (a plain Django view, a
room topic, js_call forms validated with SerializedForm), in windows of several browsers, and
a management command in another process reaching windows served by two processes."""

import pytest
from playwright.sync_api import expect
from tests.e2e.chat_windows import Windows, send

pytestmark = pytest.mark.e2e


def test_a_message_reaches_every_window_of_the_room_and_only_those(windows):
    alice = windows.open("/chat/lobby/")
    bob = windows.open("/chat/lobby/")
    elsewhere = windows.open("/chat/kitchen/")
    send(alice, "hello lobby")
    for page in (alice, bob):
        expect(page.locator("#messages li")).to_have_text(["guest hello lobby"])
    expect(alice.get_by_label("Message")).to_have_value("")  # html.forms.set to WINDOW
    send(bob, "hi alice")
    expect(alice.locator("#messages li")).to_have_text(["guest hello lobby", "guest hi alice"])
    expect(elsewhere.locator("#messages li")).to_have_count(0)


def test_the_name_form_is_validated_by_the_server_with_serialized_form(windows):
    alice = windows.open("/chat/lobby/")
    bob = windows.open("/chat/lobby/")
    alice.get_by_label("Your name").fill("A")
    alice.get_by_role("button", name="Rename").click()
    expect(alice.locator("#name-error")).to_contain_text("at least 2 characters")
    expect(alice.locator("#name")).to_have_text("guest")
    alice.get_by_label("Your name").fill("Alice")
    alice.get_by_role("button", name="Rename").click()
    expect(alice.locator("#name")).to_have_text("Alice")
    expect(alice.locator("#name-error")).to_have_text("")
    expect(bob.locator("#name")).to_have_text("guest")  # to=WINDOW: only the renamed window
    send(alice, "named now")
    expect(bob.locator("#messages li")).to_have_text(["Alice named now"])


def test_each_tab_is_its_own_window(windows):
    first = windows.open("/chat/lobby/")
    second_tab = windows.open("/chat/lobby/", same_as=first)  # same session, another tab
    first.get_by_label("Your name").fill("Tab one")
    first.get_by_role("button", name="Rename").click()
    expect(first.locator("#name")).to_have_text("Tab one")
    expect(second_tab.locator("#name")).to_have_text("guest")  # not the other tab's window


def test_a_call_the_server_refuses_rejects_with_the_reason(windows):
    page = windows.open("/chat/lobby/")
    windows.console.allow(r"djwire: sig:1: (forbidden|unknown_handler|bad_params)")
    codes = page.evaluate(
        """async () => {
          const codes = [];
          for (const [name, opts] of [["no.such", {}], ["chat.send", {room: "no spaces"}]]) {
            try { await djwire.signals.call(name, opts); codes.push("accepted"); }
            catch (error) { codes.push(error.code); }
          }
          return codes;
        }"""
    )
    assert codes == ["unknown_handler", "bad_params"]


def test_an_announcement_from_a_management_command_reaches_every_window(browser, cluster, console):
    # A third process triggers html.text to BROADCAST; the windows are on two server processes.
    opened = [Windows(browser, example, console) for example in cluster.servers]
    try:
        pages = [w.open("/chat/lobby/") for w in opened]
        assert "Announced." in cluster.manage("announce", "Deploy at 5 pm")
        for page in pages:
            expect(page.locator("#announcement")).to_have_text("Deploy at 5 pm")
            expect(page.locator("#announcement")).to_be_visible()
    finally:
        for w in opened:
            w.close()
    assert console.unexpected() == [], "a page logged errors"
