"""Test a LiveView the way a browser uses it: render over HTTP, join over a real socket.

::

    from djwire.testing import LiveViewTestClient

    def test_counter():
        with LiveViewTestClient(CounterView) as client:
            client.mount()
            client.send_event("increment", by=2)
            assert client.view.count == 2
            assert "Count: 2" in client.html()

``AsyncLiveViewTestClient`` is the same API with ``await`` for async tests. Handlers run in a
thread of their own, as in production: tests that touch the database need
``@pytest.mark.django_db(transaction=True)``.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from asgiref.sync import sync_to_async
from django.http import HttpResponse

from djwire.testing import _internals as dj
from djwire.testing.frames import Frame
from djwire.testing.socket import AsyncSocketTestClient, EventError, SocketTestClient

_TOKEN = re.compile(r'dj-token="([^"]+)"')
_VERSION = re.compile(r'dj-v="(\d+)"')
_TREE = re.compile(r"<script type=\"application/json\" dj-tree>(.*?)</script>", re.DOTALL)


class AsyncLiveViewTestClient:
    """A browser's view of one LiveView: mount it, send events, read the page.

    ``user`` is the logged-in user (anonymous by default), ``path`` the URL the page is
    requested at (its query string reaches ``mount()``). Events are not rate limited unless
    ``rate_limited=True``. Several views may share one socket, as the LiveViews of one page
    do: ``AsyncLiveViewTestClient(View, socket=socket)``; each joins a topic of its own.
    """

    def __init__(
        self,
        view_class: type[dj.LiveView],
        user: Any = None,
        path: str = "/",
        *,
        rate_limited: bool = False,
        socket: AsyncSocketTestClient | None = None,
    ) -> None:
        self.view_class = view_class
        self.path = path
        self._owns_socket = socket is None
        self.socket = socket or AsyncSocketTestClient(user, rate_limited=rate_limited)
        self.user = self.socket.user
        self.topic = self.socket.new_topic("lv:")
        self.frames: list[Frame] = []  # every frame the server sent to this view, in order
        self.tree: dict[str, Any] = {}
        self.version = 0
        self.http_html = ""  # the page as the first (HTTP) response delivered it
        self.token = ""  # the join token the page holds now
        self._statics = dj.Statics()
        self._listening: set[str] = set()

    # -- the page ------------------------------------------------------------------------

    async def mount(
        self, *, expect_error: bool = False, join_timeout: float = 5.0, **url_kwargs: Any
    ) -> dict[str, Any]:
        """Render the view over HTTP (the browser's first request), then join it over the
        socket; returns the join reply's payload. ``url_kwargs`` are the URL's parameters.
        A refused join raises :class:`EventError` unless ``expect_error=True``; a join reply
        that takes longer than ``join_timeout`` seconds raises AssertionError saying so."""
        request = self.socket.page_request(self.path, self.user)
        # Routed as the URLconf routes it: live_session() providers apply (tests route fakes).
        view = dj.http_view_for(self.view_class, self.path)
        response = await sync_to_async(view)(request, **url_kwargs)
        if response.status_code != 200 or not isinstance(response, HttpResponse):
            # Refused (an access check redirects to the login page, a 403, a 405...).
            location = response.get("Location")
            where = f" (redirect to {location})" if location else ""
            raise AssertionError(f"the page answered {response.status_code}{where}, not 200")
        self.http_html = response.content.decode()
        self._read_page(self.http_html)
        return await self._join(
            self.topic, self.token, self.version, expect_error, None, join_timeout
        )

    async def join_again(
        self,
        topic: str | None = None,
        *,
        token: str | None = None,
        version: int | None = None,
        extra: dict[str, Any] | None = None,
        expect_error: bool = False,
        join_timeout: float = 5.0,
    ) -> dict[str, Any]:
        """Join the view again on another topic of the socket, as the page does after a
        reconnect: with the token it holds, the version it shows and the statics it has
        (or the ``token``/``version`` given; ``extra`` adds keys to the join payload, as a
        forged client might). On success the client follows the new topic; returns the
        join reply's payload."""
        topic = topic or self.socket.new_topic("lv:")
        token = self.token if token is None else token
        version = self.version if version is None else version
        return await self._join(topic, token, version, expect_error, extra, join_timeout)

    async def _join(
        self,
        topic: str,
        token: str,
        version: int,
        expect_error: bool,
        extra: dict[str, Any] | None = None,
        timeout: float = 5.0,
    ) -> dict[str, Any]:
        # The topic is this view's while the reply arrives, so the reply draws the page.
        previous, self.topic = self.topic, topic
        self._listen(topic)
        payload = {
            dj.PAYLOAD_TOKEN: token,
            dj.PAYLOAD_VERSION: version,
            dj.PAYLOAD_FINGERPRINTS: list(self._statics.by_fingerprint),
        }
        payload.update(extra or {})
        what = f"joining {self.view_class.__name__} on {topic!r}"
        try:
            reply = await self.socket.join(
                topic, payload, expect_error=expect_error, timeout=timeout
            )
        except EventError as error:
            self.topic = previous
            raise EventError(what, error.payload) from None
        except AssertionError as error:
            self.topic = previous
            # A join mounts and renders the view (resumes it, or takes the HTTP render's).
            raise AssertionError(
                f"{what}: {error} (a big view may need more: join_timeout=...)"
            ) from None
        except BaseException:
            self.topic = previous
            raise
        if expect_error:
            self.topic = previous  # refused, as asked: the view stays where it was
        return reply

    def _read_page(self, html: str) -> None:
        tree, version, token = _TREE.search(html), _VERSION.search(html), _TOKEN.search(html)
        if tree is None or version is None or token is None:
            raise AssertionError("the page has no djwire root (dj-root) with its tree")
        # As the browser does: the tree read back from the page (live/readback.py).
        self.tree = dj.read_tree(orjson.loads(tree.group(1)), html, tree.end())
        self._statics.collect(self.tree)
        self.version = int(version.group(1))
        self.token = token.group(1)

    def _listen(self, topic: str) -> None:
        if topic not in self._listening:
            self._listening.add(topic)
            self.socket.on_frame(topic, self._on_frame)

    def _on_frame(self, frame: Frame) -> None:
        self.frames.append(frame)
        # A topic this view left behind (a re-join moved it) no longer draws the page.
        if frame[1] == self.topic and frame[2] != dj.EVENT_ERROR:
            self._apply(frame[3])

    def _apply(self, payload: dict[str, Any]) -> None:
        if dj.PAYLOAD_TREE in payload:
            self._statics.collect(payload[dj.PAYLOAD_TREE])
            self.tree = payload[dj.PAYLOAD_TREE]
        if dj.PAYLOAD_DIFF in payload:
            diff = payload[dj.PAYLOAD_DIFF]
            self.tree = dj.merge(self.tree, diff, self._statics, in_place=True)
        if dj.PAYLOAD_VERSION in payload:
            self.version = payload[dj.PAYLOAD_VERSION]
        if dj.PAYLOAD_NEW_TOKEN in payload:
            self.token = payload[dj.PAYLOAD_NEW_TOKEN]

    def html(self) -> str:
        """The live region's HTML as the browser shows it now (after every frame received)."""
        return dj.to_html(self.tree, self._statics)

    # -- events and frames -----------------------------------------------------------------

    async def send_event(
        self, name: str, /, *, expect_error: bool = False, **params: Any
    ) -> dict[str, Any]:
        """Send an event as a browser would; returns the reply's payload (``{"v", "d"}``).

        A refused event (a bad parameter, a handler that raised, an unknown handler) raises
        :class:`EventError`; with ``expect_error=True`` its payload (``{"code", "reason"}``)
        is returned instead, and an event that was not refused raises AssertionError.
        """
        payload = {dj.PAYLOAD_HANDLER: name, dj.PAYLOAD_PARAMS: params}
        try:
            return await self.socket.request(
                self.topic, dj.EVENT_EVENT, payload, expect_error=expect_error
            )
        except EventError as error:
            raise EventError(f"event {name!r}", error.payload) from None

    async def send_raw(self, text: str) -> Frame:
        """Send any text as a frame (for protocol tests); returns the next frame received."""
        return await self.socket.send_raw(text)

    async def receive(self, timeout: float = 2) -> Frame:
        """The next frame the server sends this view by itself (a pushed diff, an event for
        the page's JavaScript, an error) or the whole socket, applied to the page."""
        return await self.socket.receive((self.topic, dj.SOCKET_TOPIC), timeout)

    async def receive_nothing(self, timeout: float = 0.1) -> bool:
        """True when the server sends this view (and the socket) nothing within ``timeout``."""
        return await self.socket.receive_nothing(timeout, (self.topic, dj.SOCKET_TOPIC))

    # -- the server side -------------------------------------------------------------------

    @property
    def view(self) -> dj.LiveView:
        """The view instance on the server (the one events change)."""
        return dj.view_of(self.server_join())

    def server_join(self) -> Any:
        """The server-side join of this view, for tests of djwire's own machinery."""
        return self.socket.server_join(self.topic)

    async def close(self) -> None:
        """Close the socket (or, on a shared socket, leave this view's topic)."""
        if self._owns_socket:
            await self.socket.close()
            return
        try:
            self.socket.server_join(self.topic)
        except LookupError:
            return  # never joined, or refused: nothing to leave
        await self.socket.leave(self.topic)

    async def __aenter__(self) -> AsyncLiveViewTestClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class LiveViewTestClient:
    """The synchronous twin of :class:`AsyncLiveViewTestClient`, for plain test functions."""

    def __init__(
        self,
        view_class: type[dj.LiveView],
        user: Any = None,
        path: str = "/",
        *,
        rate_limited: bool = False,
        socket: SocketTestClient | None = None,
    ) -> None:
        self._owns_socket = socket is None
        self.socket = socket or SocketTestClient(user, rate_limited=rate_limited)
        self._run = self.socket.loop.run
        self.client = AsyncLiveViewTestClient(
            view_class, user, path, rate_limited=rate_limited, socket=self.socket.client
        )

    @property
    def view(self) -> dj.LiveView:
        """The view instance on the server."""
        return self.client.view

    @property
    def frames(self) -> list[Frame]:
        """Every frame the server sent to this view."""
        return self.client.frames

    @property
    def version(self) -> int:
        """The version of the page the browser shows."""
        return self.client.version

    @property
    def http_html(self) -> str:
        """The page as the first (HTTP) response delivered it."""
        return self.client.http_html

    @property
    def topic(self) -> str:
        """The topic this view is joined on."""
        return self.client.topic

    @property
    def token(self) -> str:
        """The join token the page holds now."""
        return self.client.token

    def mount(
        self, *, expect_error: bool = False, join_timeout: float = 5.0, **url_kwargs: Any
    ) -> dict[str, Any]:
        """Render over HTTP, then join; returns the join reply's payload."""
        mounting = self.client.mount(
            expect_error=expect_error, join_timeout=join_timeout, **url_kwargs
        )
        return self._run(mounting, 30 + join_timeout)  # the HTTP render, then the join

    def join_again(
        self,
        topic: str | None = None,
        *,
        token: str | None = None,
        version: int | None = None,
        extra: dict[str, Any] | None = None,
        expect_error: bool = False,
        join_timeout: float = 5.0,
    ) -> dict[str, Any]:
        """Join the view again on another topic, as after a reconnect."""
        rejoin = self.client.join_again(
            topic,
            token=token,
            version=version,
            extra=extra,
            expect_error=expect_error,
            join_timeout=join_timeout,
        )
        return self._run(rejoin, 30 + join_timeout)

    def send_event(
        self, name: str, /, *, expect_error: bool = False, **params: Any
    ) -> dict[str, Any]:
        """Send an event; returns the reply's payload, raises :class:`EventError` if refused."""
        return self._run(self.client.send_event(name, expect_error=expect_error, **params))

    def send_raw(self, text: str) -> Frame:
        """Send any text as a frame; returns the next frame received."""
        return self._run(self.client.send_raw(text))

    def receive(self, timeout: float = 2) -> Frame:
        """The next frame the server sends this view by itself, applied to the page."""
        return self._run(self.client.receive(timeout))

    def receive_nothing(self, timeout: float = 0.1) -> bool:
        """True when the server sends this view nothing within ``timeout`` seconds."""
        return self._run(self.client.receive_nothing(timeout))

    def html(self) -> str:
        """The live region's HTML as the browser shows it now."""
        return self.client.html()

    def server_join(self) -> Any:
        """The server-side join of this view."""
        return self.client.server_join()

    def close(self) -> None:
        """Close the socket (or, on a shared socket, leave this view's topic)."""
        if self._owns_socket:
            self.socket.close()
        elif not self.socket.loop.closed:
            self._run(self.client.close())

    def __enter__(self) -> LiveViewTestClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
