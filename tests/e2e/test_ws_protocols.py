"""djwire's socket on each of uvicorn's WebSocket implementations (``--ws``), as served: the
memory figures of docs/deployment.md recommend one, so each must keep what djwire relies on
from the server. A real uvicorn process of the example and a real WebSocket client: a join and
its reply, heartbeats, a frame over the server's limit closed with 1009, a big frame to the
browser delivered whole. (A reader that stalls is cut off with 4008 by djwire's outbox
whatever the server: tests/transport/test_bounds.py.)"""

from __future__ import annotations

import asyncio
import html
import json
import re
import socket
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from typing import Any

import pytest
import websockets
from tests.e2e.conftest import ExampleServer

PROTOCOLS = ("websockets", "websockets-sansio", "wsproto")


@pytest.fixture(scope="module", params=PROTOCOLS)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ExampleServer]:
    workdir = tmp_path_factory.mktemp(f"ws-{request.param}")
    example = ExampleServer(
        workdir / "db.sqlite3", workdir / "server.log", server_args=("--ws", request.param)
    )
    example.manage("migrate", "--noinput")
    example.manage("seed_products")
    example.start()
    yield example
    example.stop()


def load(server: ExampleServer, path: str, jar: CookieJar | None = None) -> tuple[str, str]:
    """The page's join token and the Cookie header of its session, as a browser gets them
    (the browser's cookies: ``jar``, else a new browser)."""
    jar = CookieJar() if jar is None else jar
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar)
    )
    with opener.open(server.url(path), timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'dj-token="([^"]+)"', page)
    assert token is not None, "no dj-token in the page"
    return html.unescape(token.group(1)), "; ".join(f"{c.name}={c.value}" for c in jar)


async def connect(server: ExampleServer, cookie: str, sock: socket.socket | None = None) -> Any:
    return await websockets.connect(
        server.url("/djwire/ws/").replace("http", "ws", 1),
        additional_headers={"Origin": server.url("").rstrip("/"), "Cookie": cookie},
        compression=None,
        max_size=None,
        sock=sock,
    )


def join(topic: str, token: str, ref: int = 1, version: int | None = 1) -> str:
    return json.dumps([ref, topic, "join", {"pv": 1, "token": token, "v": version, "f": []}])


async def test_a_join_and_heartbeats_are_answered(served: ExampleServer) -> None:
    token, cookie = load(served, "/counter/")
    ws = await connect(served, cookie)
    try:
        await ws.send(join("lv:1", token))
        assert json.loads(await ws.recv())[:3] == [1, "lv:1", "ok"]
        for ref in (2, 3):
            await ws.send(json.dumps([ref, "", "hb", {}]))
            assert json.loads(await ws.recv()) == [ref, "", "ok", {}]
    finally:
        await ws.close()


async def test_a_frame_over_the_servers_limit_is_closed_with_1009(served: ExampleServer) -> None:
    _token, cookie = load(served, "/counter/")
    ws = await connect(served, cookie)
    await ws.send(json.dumps([1, "", "hb", {"pad": "x" * 70_000}]))  # over --ws-max-size
    with pytest.raises(websockets.ConnectionClosed):
        await asyncio.wait_for(ws.recv(), timeout=10)
    assert ws.close_code == 1009


async def test_a_big_frame_reaches_the_browser_whole(served: ExampleServer) -> None:
    token, cookie = load(served, "/table/")
    ws = await connect(served, cookie)
    try:
        await ws.send(join("lv:1", token, version=None))  # a page that has nothing: the tree
        frame = await asyncio.wait_for(ws.recv(), timeout=30)
        assert len(frame) > 100_000
        ref, topic, event, payload = json.loads(frame)
        assert (ref, topic, event) == (1, "lv:1", "ok") and "t" in payload
    finally:
        await ws.close()
