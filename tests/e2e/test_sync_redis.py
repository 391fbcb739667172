"""A model-state channel's history is shared through Redis: a client that reconnects to ANOTHER
server process after missing updates and deletes gets what changed since its watermark, not a
snapshot. Real parts: one Redis server, two uvicorn processes of the example (the liveblog's
``BlogPostChannel``), the changes made by ``manage.py liveblog`` in a third process, and clients
that speak the ``sync:`` join over real WebSockets."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from tests.e2e.conftest import ExampleCluster
from tests.e2e.servers import FRAME_TIMEOUT
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

pytestmark = pytest.mark.e2e

CHANNEL = "liveblog_blogpostchannel"  # BlogPostChannel.name
TOPIC = "sync:1"


class ChannelSocket:
    """One socket joined to the first post's channel by name, as a front end without a
    Django page joins (docs/sync.md, "Joining without a Django page")."""

    def __init__(self, base_url: str, watermark: int | None = None) -> None:
        self._exit = contextlib.ExitStack()
        self.ws: ClientConnection = self._exit.enter_context(
            connect(
                base_url.replace("http://", "ws://", 1) + "/djwire/ws/",
                origin=Origin(base_url),
                proxy=None,
                open_timeout=FRAME_TIMEOUT,
                close_timeout=2,
            )
        )
        join = {"pv": 1, "channel": CHANNEL, "kwargs": {"post_id": 1}, "w": watermark}
        self.ws.send(json.dumps([1, TOPIC, "join", join]))
        reply = self._next(lambda frame: frame[0] == 1)
        assert reply[2] == "ok", reply
        # The state (or what changed since the watermark) follows the reply.
        self.first: dict[str, Any] = self.next_instances()

    def _next(self, wanted: Any) -> list[Any]:
        deadline = time.monotonic() + FRAME_TIMEOUT
        while True:
            frame = json.loads(self.ws.recv(timeout=max(0.0, deadline - time.monotonic())))
            if wanted(frame):
                return list(frame)

    def next_instances(self) -> dict[str, Any]:
        frame = self._next(lambda frame: frame[1] == TOPIC and frame[2] in ("instances", "error"))
        assert frame[2] == "instances", frame
        return dict(frame[3])

    def close(self) -> None:
        self._exit.close()


@pytest.fixture
def sockets() -> Iterator[list[ChannelSocket]]:
    opened: list[ChannelSocket] = []
    yield opened
    for socket in opened:
        socket.close()


def _comment(cluster: ExampleCluster, text: str) -> int:
    code = (
        "from liveblog.models import Comment\n"
        f"print(Comment.objects.create(post_id=1, author='e2e', text={text!r}).pk)\n"
    )
    return int(cluster.shell(code).strip().splitlines()[-1])


def _layers_of(payload: dict[str, Any], **fields: Any) -> list[dict[str, Any]]:
    return [layer for layer in payload["i"] if all(layer.get(k) == v for k, v in fields.items())]


def _titles(payload: dict[str, Any]) -> list[str]:
    """The titles of the post's layers in ``payload`` (only a post has a title)."""
    return [layer["title"] for layer in _layers_of(payload, id=1) if "title" in layer]


def test_a_reconnect_to_another_process_gets_the_missed_changes_and_deletes(
    cluster: ExampleCluster, sockets: list[ChannelSocket]
) -> None:
    first, second = (server.url("") for server in cluster.servers)
    doomed = _comment(cluster, "about to be deleted")
    on_a = ChannelSocket(first)
    sockets.append(on_a)
    assert on_a.first.get("r") is True  # a first join: the whole state
    assert _layers_of(on_a.first, id=doomed)
    watermark = on_a.first["v"]
    on_a.close()  # the client's network drops; process A keeps the history (its grace)

    cluster.manage("liveblog", "edit-post", "1", "Edited from a shell")
    cluster.manage("liveblog", "delete-comment", str(doomed))

    on_b = ChannelSocket(second, watermark)
    sockets.append(on_b)
    missed = on_b.first
    assert "r" not in missed, "a reset: process B did not know what the client missed"
    assert _titles(missed) == ["Edited from a shell"]
    assert _layers_of(missed, id=doomed, _deleted=True), "the delete was not replayed"
    assert all(layer["_tstamp"] > watermark for layer in missed["i"])


def test_a_reconnect_after_redis_lost_the_history_is_a_reset(
    cluster: ExampleCluster, sockets: list[ChannelSocket]
) -> None:
    first, second = (server.url("") for server in cluster.servers)
    on_a = ChannelSocket(first)
    sockets.append(on_a)
    watermark = on_a.first["v"]
    on_a.close()
    cluster.manage("liveblog", "edit-post", "1", "Edited before the flush")
    cluster.redis.command("FLUSHALL")  # Redis lost everything: no history is known

    on_b = ChannelSocket(second, watermark)
    sockets.append(on_b)
    assert on_b.first.get("r") is True
    assert _titles(on_b.first) == ["Edited before the flush"]
