"""A LiveView for logged-in users (the example's /account/, LoginRequiredMixin) in Chromium:
Django's redirect over HTTP, and a logout in another tab noticed at the next join (issue 8)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# The user scripts/demo creates (seed_demo_user), whose login the index page gives.
USERNAME, PASSWORD = "demo", "demo"
LOGIN_PAGE = re.compile(r"/admin/login/\?next=/account/$")


@pytest.fixture(scope="module")
def user(server):
    server.manage("seed_demo_user")
    return USERNAME


def test_a_logout_in_another_tab_sends_the_page_to_the_login_page(live, user):
    page = live.page
    # While the server restarts the browser logs failed WebSocket connections.
    live.console.allow(r"WebSocket|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET")
    # The admin's login page has no favicon link: Chromium asks for /favicon.ico (404).
    live.console.allow(r"Failed to load resource: .* 404")

    # Anonymous: Django's redirect, as for any view with LoginRequiredMixin.
    page.goto(live.server.url("/account/"))
    expect(page).to_have_url(LOGIN_PAGE)
    page.locator("#id_username").fill(user)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live.server.url("/account/"))
    live.wait_for_joins(1)
    expect(page.locator("#signed-in")).to_have_text(f"Signed in as {user}")
    page.get_by_role("button", name="Click").click()
    expect(page.locator("#clicks")).to_have_text("1 clicks")
    live.settle()

    # Another tab of the same browser logs out.
    other = page.context.new_page()
    other.goto(live.server.url("/admin/"))
    other.get_by_role("button", name="Log out").click()
    expect(other.get_by_text("Logged out")).to_be_visible()
    other.close()

    # The page still shows the account. Its next join, after a reconnect, has no session (the
    # logout dropped the cookie): refused (stale_session), and the reload gets Django's
    # redirect to the login page. (A re-join on the same socket is refused with
    # login_required: tests/live/test_access.py.)
    live.server.restart()
    expect(page).to_have_url(LOGIN_PAGE, timeout=30_000)
