"""SESSION and USER in the browser: the tabs of one session, the windows of one account in
any browser, and nobody else; a LiveView page that is a window too uses one socket."""

import re

import pytest
from playwright.sync_api import expect
from tests.e2e.chat_windows import Windows

pytestmark = pytest.mark.e2e

PINGED = re.compile(r"^pinged by ")


@pytest.fixture(scope="module")
def accounts(server):
    code = (
        "from django.contrib.auth.models import User\n"
        "for name in ('alice', 'bob'):\n"
        "    User.objects.filter(username=name).delete()\n"
        "    User.objects.create_user(name, password='pw-' + name, is_staff=True)\n"
    )
    server.manage("shell", "--no-imports", "-c", code)
    return {"alice": "pw-alice", "bob": "pw-bob"}


def logged_in(windows: Windows, name: str, password: str):
    """A chat window in a new browser whose session is logged in as ``name``."""
    context = windows.browser.new_context()
    windows.contexts.append(context)
    login = context.new_page()
    login.goto(windows.server.url("/admin/login/?next=/admin/"))
    login.get_by_label("Username").fill(name)
    login.get_by_label("Password").fill(password)
    login.get_by_role("button", name="Log in").click()
    expect(login).to_have_url(re.compile(r"/admin/$"))
    login.close()
    context.add_init_script(
        "window.__djwireJoins = 0; document.addEventListener("
        "'djwire:joined', () => { window.__djwireJoins += 1; });"
    )
    page = context.new_page()
    page.goto(windows.server.url("/chat/lobby/"))
    page.wait_for_function("window.__djwireJoins >= 1")
    return page


def test_session_reaches_every_tab_of_the_session_only(windows):
    tab = windows.open("/chat/lobby/")
    other_tab = windows.open("/chat/kitchen/", same_as=tab)  # another room, same session
    stranger = windows.open("/chat/lobby/")
    tab.get_by_role("button", name="Ping my tabs").click()
    expect(tab.locator("#pinged")).to_have_text(PINGED)
    expect(other_tab.locator("#pinged")).to_have_text(PINGED)
    stranger.get_by_label("Message").fill("still here")  # a round trip after the ping...
    stranger.get_by_role("button", name="Send").click()
    expect(stranger.locator("#messages li")).to_have_count(1)
    expect(stranger.locator("#pinged")).to_have_text("")  # ...and no ping reached it


def test_user_reaches_every_window_of_the_account_in_any_browser_only(windows, accounts):
    alice_here = logged_in(windows, "alice", accounts["alice"])
    alice_there = logged_in(windows, "alice", accounts["alice"])  # another browser
    bob = logged_in(windows, "bob", accounts["bob"])
    guest = windows.open("/chat/lobby/")
    alice_here.get_by_role("button", name="Ping my account's windows").click()
    expect(alice_here.locator("#pinged")).to_have_text(re.compile(r"^pinged by alice"))
    expect(alice_there.locator("#pinged")).to_have_text(re.compile(r"^pinged by alice"))
    # A guest has no such button, and a call made by hand is refused with the reason.
    expect(guest.get_by_role("button", name="Ping my account's windows")).to_have_count(0)
    windows.console.allow(r"forbidden")
    code = guest.evaluate(
        "djwire.signals.call('chat.ping_user', {}).then(() => 'accepted', (e) => e.code)"
    )
    assert code == "forbidden"
    bob.get_by_label("Message").fill("round trip")
    bob.get_by_role("button", name="Send").click()
    expect(bob.locator("#messages li").last).to_have_text("guest round trip")
    expect(bob.locator("#pinged")).to_have_text("")
    expect(guest.locator("#pinged")).to_have_text("")


def test_a_liveview_page_that_is_a_window_uses_one_socket(windows):
    sockets = []
    page = windows.browser.new_context().new_page()
    windows.contexts.append(page.context)
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.add_init_script(
        "window.__joined = []; document.addEventListener('djwire:joined', (e) =>"
        " window.__joined.push((e.detail && e.detail.topic) || 'lv'));"
    )
    page.goto(windows.server.url("/counter/"))
    page.wait_for_function("window.__joined.length >= 2")  # the view and the window
    page.get_by_role("button", name="Increment").click()
    expect(page.locator("#count")).to_have_text("1")
    assert len(sockets) == 1
    assert "sig:1" in page.evaluate("window.__joined")
