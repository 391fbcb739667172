"""A browser's socket in a test: one djwire WebSocket, several joins, request and reply.

:class:`AsyncSocketTestClient` opens a Channels ``WebsocketCommunicator`` on djwire's
consumer with a session and a user in the scope, as the browser's socket would have after
Django's auth middleware. It numbers requests (refs), sorts what arrives by topic, and raises
:class:`EventError` when a request is refused. The LiveView client (``djwire.testing.live``)
and the clients of later layers sit on top of it; :class:`SocketTestClient` is its
synchronous twin. What arrives is kept and read by a ``djwire.testing.frames.FrameReader``.
"""

from __future__ import annotations

import itertools
import string
from importlib import import_module
from typing import Any

import orjson
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils.crypto import get_random_string

from djwire.testing import _internals as dj
from djwire.testing._loop import LoopThread
from djwire.testing.frames import Frame, FrameListener, FrameReader, Topics, on

_DEFAULT_TIMEOUT = 5.0


class EventError(AssertionError):
    """The server answered a request with an ``error`` frame.

    ``code`` and ``reason`` are the error's (``"bad_params"``, ``"increment: parameter 'by':
    expected int, got 'three'"``); ``payload`` is the whole error payload. Ask for the error
    with ``expect_error=True`` when refusing is what the test checks.
    """

    def __init__(self, request: str, payload: dict[str, Any]) -> None:
        self.code: str = payload.get("code", "")
        self.reason: str = payload.get("reason", "")
        self.payload = payload
        super().__init__(f"{request} was refused: {self.code}: {self.reason}")


class AsyncSocketTestClient:
    """One djwire WebSocket as a browser holds it: joins by topic, requests, pushed frames.

    ::

        async with AsyncSocketTestClient(user=alice) as socket:
            reply = await socket.join("lv:1", {"token": token, "v": 1})
            frame = await socket.receive("lv:1")

    ``session`` defaults to a new one from ``SESSION_ENGINE``; ``rate_limited=False`` (the
    default) lifts the production event-rate limit so a test may send many events quickly.
    The socket connects on first use (or with :meth:`connect`).
    """

    def __init__(
        self,
        user: Any = None,
        *,
        session: SessionBase | None = None,
        rate_limited: bool = False,
    ) -> None:
        self.user = user if user is not None else AnonymousUser()
        if session is None:
            session = import_module(settings.SESSION_ENGINE).SessionStore()
        self.session: SessionBase = session
        # The browser's cookies that its socket sends, beside the session's: the CSRF secret,
        # which the tokens of an anonymous page with no session are bound to.
        self.cookies: dict[str, str] = {
            settings.CSRF_COOKIE_NAME: get_random_string(32, string.ascii_letters + string.digits)
        }
        self.rate_limited = rate_limited
        self._reader = FrameReader(self._read_text, self._quiet, lambda: self._closed)
        self.frames: list[Frame] = self._reader.frames  # every frame the server sent, in order
        self._refs = itertools.count(1)
        self._topics: set[str] = set()
        self._consumer: Any = None
        self._communicator: WebsocketCommunicator | None = None
        self._closed = False

    # -- the connection ------------------------------------------------------------------

    async def connect(self) -> None:
        """Open the socket (done by the first request otherwise); AssertionError if refused."""
        if self._communicator is not None:
            return
        if self._closed:
            raise RuntimeError("this socket is closed; open a new client")
        client = self

        class ObservedConsumer(dj.SocketConsumer):
            async def connect(self) -> None:
                client._consumer = self
                await super().connect()

        app = ObservedConsumer.as_asgi(rate_limited=self.rate_limited)
        communicator = WebsocketCommunicator(app, dj.socket_path())
        scope: dict[str, Any] = communicator.scope  # type: ignore[assignment]
        scope["session"] = self.session
        scope["user"] = self.user
        scope["cookies"] = self.cookies
        # A browser's socket names its host, as Django's test client does ("testserver"):
        # code over the socket may build absolute URLs (the login redirect of an access check).
        scope["headers"] = [*scope.get("headers", []), (b"host", b"testserver")]
        scope.setdefault("server", ("testserver", 80))
        connected, _ = await communicator.connect()
        assert connected, "the socket was refused"
        self._communicator = communicator

    def page_request(self, path: str = "/", user: Any = None) -> HttpRequest:
        """A GET of ``path`` by this socket's browser: its session, its user, its cookies (as
        Django's session, auth and CSRF middleware would have set them up)."""
        request = RequestFactory().get(path)
        request.session = self.session
        request.user = self.user if user is None else user
        request.COOKIES.update(self.cookies)
        request.META["CSRF_COOKIE"] = self.cookies[settings.CSRF_COOKIE_NAME]
        return request

    @property
    def connected(self) -> bool:
        """True while the socket is open."""
        return self._communicator is not None

    async def close(self) -> None:
        """Close the socket: every join leaves, as when the browser's tab closes."""
        self._closed = True
        if self._communicator is not None:
            communicator, self._communicator = self._communicator, None
            await communicator.disconnect()

    async def __aenter__(self) -> AsyncSocketTestClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- sending -------------------------------------------------------------------------

    def new_topic(self, prefix: str) -> str:
        """``prefix`` + the first number no client of this socket took yet (``"lv:1"``)."""
        for number in itertools.count(1):
            topic = f"{prefix}{number}"
            if topic not in self._topics:
                self._topics.add(topic)
                return topic
        raise AssertionError("unreachable")

    def next_ref(self) -> int:
        """A ref no request on this socket used yet."""
        return next(self._refs)

    async def send(self, topic: str, event: str, payload: Any, ref: int | None = None) -> int:
        """Send one frame and return its ref (a new one unless given); does not wait."""
        ref = self.next_ref() if ref is None else ref
        self._topics.add(topic)
        await self.send_raw_only(orjson.dumps([ref, topic, event, payload]).decode())
        return ref

    async def send_raw_only(self, text: str) -> None:
        """Send any text as a frame, without waiting for anything."""
        await self.connect()
        assert self._communicator is not None
        await self._communicator.send_to(text_data=text)

    async def send_raw(self, text: str, timeout: float = _DEFAULT_TIMEOUT) -> Frame:
        """Send any text as a frame (protocol tests); returns the next frame received."""
        await self.send_raw_only(text)
        return await self.receive(timeout=timeout)

    async def request(
        self,
        topic: str,
        event: str,
        payload: Any,
        *,
        expect_error: bool = False,
        timeout: float = _DEFAULT_TIMEOUT,
    ) -> dict[str, Any]:
        """Send a request and return its reply's payload.

        Raises :class:`EventError` when the server refuses it, unless ``expect_error=True``:
        then the error payload (``{"code", "reason"}``) is returned, and a reply that is not
        an error raises AssertionError. Frames that arrive before the reply stay unread for
        :meth:`receive`.
        """
        ref = await self.send(topic, event, payload)
        frame = await self._reader.next(lambda f: f[0] == ref, timeout, f"the reply to ref {ref}")
        what = f"{event!r} on {topic!r}"
        if frame[2] == dj.EVENT_ERROR:
            if not expect_error:
                raise EventError(what, frame[3])
        elif expect_error:
            raise AssertionError(f"{what} was expected to be refused, got {frame[2]}: {frame[3]}")
        reply: dict[str, Any] = frame[3]
        return reply

    async def join(
        self,
        topic: str,
        payload: dict[str, Any],
        *,
        expect_error: bool = False,
        timeout: float = _DEFAULT_TIMEOUT,
    ) -> dict[str, Any]:
        """Join ``topic``; returns the join reply's payload (see :meth:`request`). The payload
        carries the protocol version, as the browser's does, unless it names one itself."""
        payload = {dj.PAYLOAD_PROTOCOL: dj.PROTOCOL_VERSION, **payload}
        return await self.request(
            topic, dj.EVENT_JOIN, payload, expect_error=expect_error, timeout=timeout
        )

    async def leave(self, topic: str, *, expect_error: bool = False) -> dict[str, Any]:
        """Leave ``topic``; the server releases the join (see :meth:`request`)."""
        return await self.request(topic, dj.EVENT_LEAVE, {}, expect_error=expect_error)

    # -- receiving -----------------------------------------------------------------------

    def on_frame(self, topic: str, listener: FrameListener) -> None:
        """Call ``listener(frame)`` for each frame on ``topic`` as it arrives (before it is
        read by :meth:`receive` or returned as a reply): how a client on top of this one
        keeps its page up to date."""
        self._reader.on_frame(topic, listener)

    async def receive(self, topic: Topics = None, timeout: float = 2) -> Frame:
        """The next unread frame (on ``topic``, or one of several, if given) that was not a
        reply to a request; AssertionError when none arrives within ``timeout`` seconds."""
        what = "a frame" if topic is None else f"a frame on {topic!r}"
        return await self._reader.next(on(topic), timeout, what)

    async def receive_nothing(self, timeout: float = 0.1, topic: Topics = None) -> bool:
        """True when no frame (on ``topic`` if given) is unread or arrives within ``timeout``
        seconds. Frames on other topics that arrive meanwhile stay unread."""
        return await self._reader.nothing(on(topic), timeout)

    async def _read_text(self, timeout: float) -> str | bytes | None:
        await self.connect()
        assert self._communicator is not None
        try:
            text = await self._communicator.receive_from(timeout=timeout)
        except TimeoutError:
            # Channels' communicator ends the application when a receive times out: the
            # socket is gone.
            self._communicator = None
            self._closed = True
            return None
        return text

    async def _quiet(self, timeout: float) -> bool:
        if self._communicator is None:
            return True
        return await self._communicator.receive_nothing(timeout)

    # -- the server side -----------------------------------------------------------------

    def server_join(self, topic: str | None = None) -> Any:
        """The server-side join object of ``topic`` (the only join when not given), to check
        what the server holds; LookupError when the server holds no such join."""
        joins: dict[str, Any] = getattr(self._consumer, "joins", None) or {}
        if topic is None:
            if len(joins) != 1:
                raise LookupError(f"name the topic: the server holds joins of {sorted(joins)}")
            (join,) = joins.values()
            return join
        if topic not in joins:
            raise LookupError(f"the server holds no join of {topic!r} (it has {sorted(joins)})")
        return joins[topic]


class SocketTestClient:
    """The synchronous twin of :class:`AsyncSocketTestClient`, for plain test functions.

    Its event loop runs in a thread of its own; the LiveView client (and later clients) can
    share the socket: ``LiveViewTestClient(View, socket=socket)``.
    """

    def __init__(
        self,
        user: Any = None,
        *,
        session: SessionBase | None = None,
        rate_limited: bool = False,
    ) -> None:
        self.loop = LoopThread()
        self.client = AsyncSocketTestClient(user, session=session, rate_limited=rate_limited)

    @property
    def frames(self) -> list[Frame]:
        """Every frame the server sent, in arrival order."""
        return self.client.frames

    @property
    def session(self) -> SessionBase:
        """The Django session in the socket's scope."""
        return self.client.session

    @property
    def cookies(self) -> dict[str, str]:
        """The browser's cookies the socket sends beside the session (its CSRF secret)."""
        return self.client.cookies

    def page_request(self, path: str = "/", user: Any = None) -> HttpRequest:
        """A GET of ``path`` by this socket's browser (see AsyncSocketTestClient)."""
        return self.client.page_request(path, user)

    def connect(self) -> None:
        """Open the socket (done by the first request otherwise)."""
        self.loop.run(self.client.connect())

    def send(self, topic: str, event: str, payload: Any, ref: int | None = None) -> int:
        """Send one frame and return its ref; does not wait."""
        return self.loop.run(self.client.send(topic, event, payload, ref))

    def send_raw(self, text: str, timeout: float = _DEFAULT_TIMEOUT) -> Frame:
        """Send any text as a frame; returns the next frame received."""
        return self.loop.run(self.client.send_raw(text, timeout))

    def request(
        self, topic: str, event: str, payload: Any, *, expect_error: bool = False
    ) -> dict[str, Any]:
        """Send a request and return its reply's payload (see the async twin)."""
        return self.loop.run(self.client.request(topic, event, payload, expect_error=expect_error))

    def join(
        self, topic: str, payload: dict[str, Any], *, expect_error: bool = False
    ) -> dict[str, Any]:
        """Join ``topic``; returns the join reply's payload."""
        return self.loop.run(self.client.join(topic, payload, expect_error=expect_error))

    def leave(self, topic: str, *, expect_error: bool = False) -> dict[str, Any]:
        """Leave ``topic``."""
        return self.loop.run(self.client.leave(topic, expect_error=expect_error))

    def receive(self, topic: Topics = None, timeout: float = 2) -> Frame:
        """The next unread frame (on ``topic`` if given) that was not a reply."""
        return self.loop.run(self.client.receive(topic, timeout))

    def receive_nothing(self, timeout: float = 0.1, topic: Topics = None) -> bool:
        """True when no frame (on ``topic`` if given) arrives within ``timeout`` seconds."""
        return self.loop.run(self.client.receive_nothing(timeout, topic))

    def server_join(self, topic: str | None = None) -> Any:
        """The server-side join object of ``topic`` (the only join when not given)."""
        return self.client.server_join(topic)

    def close(self) -> None:
        """Close the socket and stop its event loop; later calls do nothing."""
        if self.loop.closed:
            return
        self.loop.run(self.client.close())
        # The loop's hub listens on the channel layer: stopped with the loop, not left
        # pending (a task destroyed pending warns when collected, in a later test).
        self.loop.run(_close_hub())
        self.loop.stop()

    def __enter__(self) -> SocketTestClient:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


async def _close_hub() -> None:
    await dj.get_hub().close()
