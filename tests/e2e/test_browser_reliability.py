"""Issue 12 in Chromium: a page whose session is gone reloads once, and works again, instead
of having every join refused forever; an anonymous page load stores no session."""

import sqlite3

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

CONNECTION_NOISE = r"WebSocket|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET"
NEW_SESSION = (
    "from django.contrib.sessions.backends.db import SessionStore\n"
    "session = SessionStore()\n"
    "session['seen'] = True\n"
    "session.create()\n"
    "print(session.session_key)"
)


def session_rows(server) -> int:
    with sqlite3.connect(server.db_path) as db:
        return int(db.execute("SELECT COUNT(*) FROM django_session").fetchone()[0])


def test_an_anonymous_page_goes_live_and_stores_no_session(live, server):
    before = session_rows(server)
    live.open("/table/")  # the example's biggest page, as issue 12 measured it
    stock = live.page.locator("th[data-column=stock]")
    stock.get_by_role("button").click()  # live: the event is answered over the socket
    expect(stock).to_have_attribute("aria-sort", "ascending")
    live.settle()
    expect(live.root).not_to_have_class("dj-error")
    assert session_rows(server) == before
    cookies = {cookie["name"] for cookie in live.page.context.cookies()}
    assert "csrftoken" in cookies and "sessionid" not in cookies


def test_a_page_whose_session_expired_reloads_once_and_works_again(live, server):
    page = live.page
    live.console.allow(CONNECTION_NOISE)
    # A browser with a session (an anonymous page load makes none).
    key = server.manage("shell", "--no-imports", "-c", NEW_SESSION).strip()
    page.context.add_cookies([{"name": "sessionid", "value": key, "url": server.url("/")}])
    live.open("/counter/")
    count = page.locator("#count")
    page.get_by_role("button", name="Increment").click()
    expect(count).to_have_text("1")
    live.settle()
    page.evaluate("window.__beforeReload = true")

    # The session is gone (expired, flushed, a logout elsewhere); the socket re-joins after a
    # server restart with a token bound to it.
    with sqlite3.connect(server.db_path) as db:
        db.execute("DELETE FROM django_session")
    server.stop()
    server.start()

    # Refused with stale_session, the page reloads itself: a fresh render, a new session.
    page.wait_for_function("window.__beforeReload === undefined && window.__djwireJoins >= 1")
    live.settle()
    page.get_by_role("button", name="Increment").click()
    expect(count).to_have_text("1")  # a fresh view of the fresh page, clicked once
    live.settle()
    expect(live.root).not_to_have_class("dj-error")
