"""A view's state survives a restart of the server process: the page re-joins and resumes."""

import os
import re
import signal
import tempfile
import time

import pytest
from playwright.sync_api import expect
from tests.e2e.servers import wait_for

pytestmark = pytest.mark.e2e

# The example project keeps the default FileStore directory.
STATE_DIR = os.path.join(tempfile.gettempdir(), "djwire-state")


def wait_until_saved(since: float) -> None:
    """State is saved behind the reply (docs/state.md): a crash before that save loses the last
    change by design, so a crash test waits for the save, as a real crash would have to."""

    def saved() -> bool:
        # Records are files named by their view's id, in time buckets (store.py); a record
        # still being written has another name, and a bucket's own time says nothing.
        for folder, _dirs, files in os.walk(STATE_DIR):
            for name in files:
                try:
                    if name.isalnum() and os.path.getmtime(os.path.join(folder, name)) >= since:
                        return True
                except FileNotFoundError:  # swept or replaced meanwhile
                    continue
        return False

    wait_for(saved, 5, "the view's state saved after the last click")


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
