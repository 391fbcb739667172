"""The hub's subscriptions when the channel layer fails (Redis down or restarting)."""

import asyncio

import pytest

from djwire.pubsub import hub as hub_module
from djwire.pubsub.hub import Hub
from djwire.testing import wait_until


class FlakyLayer:
    """A channel layer whose first ``failures`` group_add/group_discard calls raise."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.groups: dict[str, set[str]] = {}

    def _maybe_fail(self) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    async def new_channel(self, prefix: str = "") -> str:
        return prefix + "1"

    async def receive(self, channel: str) -> dict[str, object]:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def group_add(self, group: str, channel: str) -> None:
        self._maybe_fail()
        self.groups.setdefault(group, set()).add(channel)

    async def group_discard(self, group: str, channel: str) -> None:
        self._maybe_fail()
        self.groups[group].discard(channel)


@pytest.fixture
async def flaky_hub(monkeypatch):
    monkeypatch.setattr(hub_module, "RETRY_SECONDS", 0.01)
    hub = Hub(asyncio.get_running_loop())
    hub.layer = FlakyLayer(failures=0)
    yield hub
    await hub.close()


async def test_a_failed_group_add_is_retried_not_taken_as_done(flaky_hub, caplog):
    layer = flaky_hub.layer
    layer.failures = 3
    await flaky_hub.subscribe("g", 1, lambda push: None)  # does not raise: the join goes on
    await flaky_hub.subscribe("g", 2, lambda push: None)  # tries again rather than assume
    assert "g" not in layer.groups
    assert "subscribing to g failed; retrying" in caplog.text
    await wait_until(lambda: layer.groups.get("g") == {"djwire.hub.1"})
    await flaky_hub.subscribe("g", 3, lambda push: None)  # subscribed: no second group_add
    assert layer.failures == 0 and layer.groups["g"] == {"djwire.hub.1"}


async def test_no_retry_once_the_group_has_no_subscriber_left(flaky_hub):
    flaky_hub.layer.failures = 1_000
    await flaky_hub.subscribe("g", 1, lambda push: None)
    await flaky_hub.unsubscribe("g", 1)
    await wait_until(lambda: flaky_hub._retries == {})  # the retry loop ended by itself
    assert "g" not in flaky_hub.local and "g" not in flaky_hub.layer.groups


async def test_a_failed_group_discard_does_not_fail_the_leave(flaky_hub, caplog):
    await flaky_hub.subscribe("g", 1, lambda push: None)
    flaky_hub.layer.failures = 1
    await flaky_hub.unsubscribe("g", 1)  # no exception: the page is gone either way
    assert "unsubscribing from g failed" in caplog.text
    flaky_hub.layer.failures = 0
    await flaky_hub.subscribe("g", 2, lambda push: None)  # a new page subscribes again
    assert flaky_hub.layer.groups["g"] == {"djwire.hub.1"}
