"""A join opens only a view this server routes; a forged token names no module to import."""

import sys

import pytest
from channels.db import database_sync_to_async

from djwire import LiveView
from djwire.live import registry
from djwire.live.grant import JoinGrant, make_token
from djwire.testing import AsyncLiveViewTestClient, AsyncSocketTestClient
from djwire.transport.binding import session_binding
from tests.testapp.views import CounterView


class NeverRouted(LiveView):
    """A LiveView class no URLconf routes and nothing served."""

    template_name = "testapp/counter.html"


def signed_join_token(session, view_path):
    """A correctly signed token naming ``view_path``, as a forger holding the key makes."""
    if session.session_key is None:
        session.save()
    grant = JoinGrant(view_path, {}, "", "forged-instance", "/")
    return make_token(grant, session_binding(session.session_key))


@pytest.mark.parametrize(
    "view_path",
    [
        "this.Anything",  # importing it prints the Zen of Python: a module with side effects
        f"{__name__}.NeverRouted",
        "django.contrib.auth.models.User",
        "djwire.live.view.LiveView",
    ],
)
async def test_a_signed_token_naming_a_view_that_is_not_routed_is_refused_and_imports_nothing(
    view_path,
):
    sys.modules.pop("this", None)
    async with AsyncSocketTestClient() as socket:
        token = await database_sync_to_async(signed_join_token)(socket.session, view_path)
        reply = await socket.join("lv:1", {"token": token, "v": 1}, expect_error=True)
    assert reply["code"] == "bad_token"
    assert "is not a LiveView this server routes" in reply["reason"]
    assert "this" not in sys.modules


async def test_a_routed_view_still_joins():
    async with AsyncLiveViewTestClient(CounterView) as client:
        await client.mount()
        await client.send_event("increment")
        assert client.view.count == 1


async def test_the_first_join_of_a_fresh_process_finds_the_view_in_the_urlconf(monkeypatch):
    """After a restart the first join may come before any page was served here."""
    async with AsyncLiveViewTestClient(CounterView) as client:
        await client.mount()
        monkeypatch.setattr(registry, "_served", {})  # as in a process that served no page
        await client.join_again("lv:2")
        await client.send_event("increment")
        assert client.view.count == 1
