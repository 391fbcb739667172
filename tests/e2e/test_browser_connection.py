"""The connection state on the page: dj-connected / dj-disconnected on the root, and the
default "Reconnecting…" banner while the server is unreachable."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# While the server is down the browser logs failed WebSocket connections.
CONNECTION_NOISE = r"WebSocket|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET"


@pytest.fixture
def outage(server):
    """The test stops the server: whatever happens, the next test finds it running."""
    yield server
    if server.process is None:
        server.start()


def test_the_root_and_the_banner_follow_the_connection(live, outage):
    page = live.page
    live.console.allow(CONNECTION_NOISE)
    live.open("/counter/")
    banner = page.locator(".dj-reconnecting")
    expect(live.root).to_have_class(re.compile(r"\bdj-connected\b"))
    expect(live.root).not_to_have_class(re.compile(r"\bdj-disconnected\b"))
    expect(banner).to_have_count(1)
    expect(banner).to_be_hidden()

    joined = live.joins()
    outage.stop()
    expect(live.root).to_have_class(re.compile(r"\bdj-disconnected\b"))
    expect(live.root).not_to_have_class(re.compile(r"\bdj-connected\b"))
    expect(page.get_by_role("status")).to_have_text("Reconnecting…")
    expect(banner).to_be_visible()

    outage.start()
    live.wait_for_joins(joined + 1)
    expect(live.root).to_have_class(re.compile(r"\bdj-connected\b"))
    expect(live.root).not_to_have_class(re.compile(r"\bdj-disconnected\b"))
    expect(banner).to_be_hidden()
    expect(banner).to_have_count(1)
