"""A view's state survives a restart of the server process: the page re-joins and resumes."""

import re
import signal
import time

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import wait_until_saved

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["shutdown", "crash"])
def test_counter_resumes_after_restart(live, sig):
    page = live.page
    # While the server is down the browser logs failed WebSocket connections.
    live.console.allow(r"WebSocket|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET")
    live.open("/counter/")
    count = page.locator("#count")
    plus = page.get_by_role("button", name="Increment")
    for n in range(1, 6):
        clicked = time.time()
        plus.click()
        expect(count).to_have_text(str(n))
    live.settle()
    wait_until_saved(clicked)

    joined = live.joins()
    live.server.restart(sig)
    live.wait_for_joins(joined + 1)
    expect(live.root).not_to_have_class(re.compile(r"\bdj-disconnected\b"))
    expect(count).to_have_text("5")

    plus.click()
    expect(count).to_have_text("6")
    live.settle()
    print("console during the restart:", live.console.errors)
