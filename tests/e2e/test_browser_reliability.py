"""Pages never go silently dead (issue 12): a page whose session is gone reloads once, and
works again, instead of having every join refused forever."""

import sqlite3

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

CONNECTION_NOISE = r"WebSocket|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET"


def test_a_page_whose_session_expired_reloads_once_and_works_again(live, server):
    page = live.page
    live.console.allow(CONNECTION_NOISE)
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
