"""Events made while the server is unreachable: sent once it is back, or reported, never lost."""

import re
import signal

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# Every djwire:error's detail, in order, from the first script on.
COLLECT_ERRORS = """
window.__djwireErrors = [];
document.addEventListener("djwire:error", (event) => window.__djwireErrors.push(event.detail));
"""
# While the server is down the browser logs failed WebSocket connections.
CONNECTION_NOISE = r"WebSocket|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET"


@pytest.fixture
def outage(server):
    """The test stops the server: whatever happens, the next test finds it running."""
    yield server
    if server.process is None:
        server.start()


def wait_until_disconnected(live):
    live.page.wait_for_function("window.djwire.socket && !window.djwire.socket.connected")


def test_clicks_made_while_the_server_is_down_are_applied_once_after_it_returns(live, outage):
    page = live.page
    live.console.allow(CONNECTION_NOISE)
    page.add_init_script(COLLECT_ERRORS)
    live.open("/counter/")
    count = page.locator("#count")
    plus = page.get_by_role("button", name="Increment")
    for n in range(1, 6):
        plus.click()
        expect(count).to_have_text(str(n))
    live.settle()

    joined = live.joins()
    outage.stop()
    wait_until_disconnected(live)
    plus.click()
    plus.click()
    # They wait for the join: the page shows them pending, not applied.
    expect(live.root).to_have_class(re.compile(r"\bdj-loading\b"))
    expect(count).to_have_text("5")

    outage.start()  # same database: the view resumes at 5
    live.wait_for_joins(joined + 1)
    expect(count).to_have_text("7")
    live.settle()
    # Once each: had either been sent twice the server would be at 8 before this click.
    plus.click()
    expect(count).to_have_text("8")
    live.settle()
    assert page.evaluate("window.__djwireErrors") == []


def test_an_event_in_flight_when_the_server_dies_is_reported_not_resent(live, outage):
    page = live.page
    live.console.allow(CONNECTION_NOISE)
    page.add_init_script(COLLECT_ERRORS)
    live.open("/playground/")
    runs = page.locator("#slow-runs")
    before = int(runs.inner_text())

    joined = live.joins()
    page.locator("#slow").click()  # the handler takes 0.5 s: the server dies meanwhile
    expect(live.root).to_have_class(re.compile(r"\bdj-loading\b"))
    outage.stop(signal.SIGKILL)
    page.wait_for_function("window.__djwireErrors.length >= 1")
    (error,) = page.evaluate("window.__djwireErrors")
    assert error["code"] == "disconnected"
    assert error["event"] == "slow"
    assert error["reason"]
    live.settle()

    outage.start()
    live.wait_for_joins(joined + 1)
    live.settle()
    # The server never finished it, and the client did not send it again.
    expect(runs).to_have_text(str(before))
    assert len(page.evaluate("window.__djwireErrors")) == 1
