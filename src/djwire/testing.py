"""Test LiveViews the way a browser uses them: render over HTTP, join over a real socket.

::

    from djwire.testing import LiveViewTestClient

    def test_counter():
        client = LiveViewTestClient(CounterView)
        client.mount()
        reply = client.send_event("increment", by=2)
        assert client.view.count == 2
        assert "Count: 2" in client.html()
        client.close()

``AsyncLiveViewTestClient`` is the same API with ``await`` for async tests. Both run the view
through Channels' ``WebsocketCommunicator``, so handlers run in a thread of their own: tests
that touch the database need ``@pytest.mark.django_db(transaction=True)``.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import threading
from collections.abc import Coroutine
from importlib import import_module
from typing import Any, TypeVar

import orjson
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from djwire.live import LiveView
from djwire.live.protocol import EVENT_EVENT
from djwire.live.providers import http_view_for
from djwire.live.tree import Statics, merge, to_html
from djwire.transport import SocketConsumer
from djwire.transport.protocol import (
    EVENT_ERROR,
    EVENT_JOIN,
    PAYLOAD_PROTOCOL,
    PAYLOAD_TOKEN,
    PROTOCOL_VERSION,
)

T = TypeVar("T")
_TOKEN = re.compile(r'dj-token="([^"]+)"')
_VERSION = re.compile(r'dj-v="(\d+)"')
_TREE = re.compile(r"<script type=\"application/json\" dj-tree>(.*?)</script>", re.DOTALL)


class AsyncLiveViewTestClient:
    """A browser's view of one LiveView: mount it, send events, read the page."""

    def __init__(self, view_class: type[LiveView], user: Any = None, path: str = "/") -> None:
        self.view_class = view_class
        self.user = user if user is not None else AnonymousUser()
        self.path = path
        self.topic = "lv:1"
        self.frames: list[list[Any]] = []  # every frame the server sent
        self.tree: dict[str, Any] = {}
        self.version = 0
        self.http_html = ""
        self._statics = Statics()
        self._refs = itertools.count(1)
        self._consumer: SocketConsumer | None = None
        self._communicator: WebsocketCommunicator | None = None

    @property
    def view(self) -> LiveView:
        """The view instance on the server."""
        if self._consumer is None:
            raise RuntimeError("mount() first")
        join: Any = self._consumer.joins[self.topic]
        return join.view  # type: ignore[no-any-return]

    async def mount(self, **url_kwargs: Any) -> dict[str, Any]:
        """Render the view over HTTP (as a browser's first request), then join it."""
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        request = RequestFactory().get(self.path)
        request.user = self.user
        request.session = session
        # Routed as the URLconf routes it: live_session() providers apply (tests route fakes).
        view = http_view_for(self.view_class, self.path)
        response = await sync_to_async(view)(request, **url_kwargs)
        self.http_html = response.content.decode()
        self._read_page(self.http_html)
        client = self

        class ObservedConsumer(SocketConsumer):
            async def connect(self) -> None:
                client._consumer = self
                await super().connect()

        communicator = WebsocketCommunicator(ObservedConsumer.as_asgi(), "/djwire/ws/")
        scope: dict[str, Any] = communicator.scope  # type: ignore[assignment]
        scope["session"] = session
        scope["user"] = self.user
        connected, _ = await communicator.connect()
        assert connected, "the socket was refused"
        self._communicator = communicator
        token = _TOKEN.search(self.http_html)
        assert token is not None
        payload = {
            PAYLOAD_TOKEN: token.group(1),
            PAYLOAD_PROTOCOL: PROTOCOL_VERSION,
            "v": self.version,
            "f": list(self._statics.by_fingerprint),
        }
        return await self._request(EVENT_JOIN, payload)

    def _read_page(self, html: str) -> None:
        tree = _TREE.search(html)
        version = _VERSION.search(html)
        if tree is None or version is None:
            raise AssertionError("the page has no djwire root (dj-root) with its tree")
        self.tree = orjson.loads(tree.group(1))
        self._statics.collect(self.tree)
        self.version = int(version.group(1))

    async def send_event(self, name: str, **params: Any) -> dict[str, Any]:
        """Send an event as a browser would; returns the reply's payload (or the error's)."""
        return await self._request(EVENT_EVENT, {"e": name, "p": params})

    async def send_raw(self, text: str) -> list[Any]:
        """Send any text as a frame (for protocol tests); returns the next frame received."""
        assert self._communicator is not None
        await self._communicator.send_to(text_data=text)
        return await self._receive()

    async def receive(self, timeout: float = 2) -> list[Any]:
        """The next frame the server sends by itself (a pushed diff, an event for the page's
        JavaScript), applied to the page as the browser would."""
        return await self._receive(timeout)

    async def receive_nothing(self, timeout: float = 0.1) -> bool:
        """True when the server sends nothing within ``timeout`` seconds."""
        assert self._communicator is not None
        return await self._communicator.receive_nothing(timeout)

    async def _request(self, event: str, payload: dict[str, Any]) -> dict[str, Any]:
        assert self._communicator is not None
        ref = next(self._refs)
        await self._communicator.send_to(
            text_data=orjson.dumps([ref, self.topic, event, payload]).decode()
        )
        while True:
            frame = await self._receive()
            if frame[0] == ref:
                return frame[3]  # type: ignore[no-any-return]

    async def _receive(self, timeout: float = 5) -> list[Any]:
        assert self._communicator is not None
        text = await self._communicator.receive_from(timeout=timeout)
        frame: list[Any] = orjson.loads(text)
        self.frames.append(frame)
        if frame[2] != EVENT_ERROR and frame[1] == self.topic:
            self._apply(frame[3])
        return frame

    def _apply(self, payload: dict[str, Any]) -> None:
        if "t" in payload:
            self._statics.collect(payload["t"])
            self.tree = payload["t"]
        if "d" in payload:
            self.tree = merge(self.tree, payload["d"], self._statics, in_place=True)
        if "v" in payload:
            self.version = payload["v"]

    def html(self) -> str:
        """The live region's HTML as the browser would show it now."""
        return to_html(self.tree, self._statics)

    async def close(self) -> None:
        if self._communicator is not None:
            await self._communicator.disconnect()
            self._communicator = None


class LiveViewTestClient:
    """The synchronous twin of :class:`AsyncLiveViewTestClient`, for plain test functions."""

    def __init__(self, view_class: type[LiveView], user: Any = None, path: str = "/") -> None:
        self._client = AsyncLiveViewTestClient(view_class, user, path)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=30)

    @property
    def view(self) -> LiveView:
        return self._client.view

    @property
    def frames(self) -> list[list[Any]]:
        return self._client.frames

    @property
    def version(self) -> int:
        return self._client.version

    def mount(self, **url_kwargs: Any) -> dict[str, Any]:
        return self._run(self._client.mount(**url_kwargs))

    def send_event(self, name: str, **params: Any) -> dict[str, Any]:
        return self._run(self._client.send_event(name, **params))

    def send_raw(self, text: str) -> list[Any]:
        return self._run(self._client.send_raw(text))

    def receive(self, timeout: float = 2) -> list[Any]:
        return self._run(self._client.receive(timeout))

    def receive_nothing(self, timeout: float = 0.1) -> bool:
        return self._run(self._client.receive_nothing(timeout))

    def html(self) -> str:
        return self._client.html()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._run(self._client.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def __enter__(self) -> LiveViewTestClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["AsyncLiveViewTestClient", "LiveViewTestClient"]
