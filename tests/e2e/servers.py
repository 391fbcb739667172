"""Real components for the multi-process tests: a Redis server, a Celery worker, and a
WebSocket client that speaks djwire's protocol the way the browser does.

Every process is started on 127.0.0.1, stopped by its pid, and every wait has a deadline.
"""

from __future__ import annotations

import contextlib
import html
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import redis
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
FRAME_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], bool], timeout: float, what: str, step: float = 0.05) -> None:
    """Poll ``check`` until it is true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:g} s")
        time.sleep(step)


def stop_process(process: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    """Stop one process we started, by its pid; SIGKILL if it does not stop in time."""
    if process is None or process.poll() is not None:
        return
    os.kill(process.pid, sig)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


def tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""


class RedisServer:
    """``redis-server`` on a free port, without persistence; restartable on the same port."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.log_path = workdir / "redis.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.process is None, "already running"
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    # Never the system's Redis: our own port, no RDB/AOF file, our own directory.
                    *("--bind", "127.0.0.1", "--port", str(self.port)),
                    *("--save", "", "--appendonly", "no", "--dir", str(self.workdir)),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for(self._answers, START_TIMEOUT, f"redis-server on port {self.port}")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        process, self.process = self.process, None
        stop_process(process)

    def restart(self) -> None:
        self.stop()
        self.start()

    def _answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"redis-server exited:\n{tail(self.log_path)}")
        try:
            return bool(self.command("PING"))
        except redis.ConnectionError:
            return False

    def command(self, *args: Any) -> Any:
        """Run one Redis command on a short-lived connection."""
        with redis.Redis(port=self.port, socket_timeout=5, socket_connect_timeout=2) as client:
            return client.execute_command(*args)

    def publish_calls(self) -> int:
        """How many PUBLISH commands this server has run (INFO commandstats)."""
        with redis.Redis(port=self.port, socket_timeout=5, socket_connect_timeout=2) as client:
            stats = client.info("commandstats")
        return int(stats.get("cmdstat_publish", {}).get("calls", 0))

    def numsub(self, channel: str) -> int:
        """How many connections are subscribed to ``channel`` (PUBSUB NUMSUB)."""
        reply = self.command("PUBSUB", "NUMSUB", channel)
        return int(reply[1])


class _Worker:
    """A worker process run from example/ with the given environment, its output in
    ``log_path``; started once ``_ready()`` says so."""

    name = "the worker"

    def __init__(self, cwd: Path, env: Mapping[str, str], log_path: Path) -> None:
        self.cwd = cwd
        self.env = dict(env)
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def _command(self) -> list[str]:
        raise NotImplementedError

    def _started(self) -> bool:
        raise NotImplementedError

    def start(self) -> None:
        assert self.process is None, "already running"
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self._command(),
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for(self._ready, START_TIMEOUT, self.name, step=0.1)
        except BaseException:
            self.stop()
            raise

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited:\n{tail(self.log_path)}")
        return self._started()

    def stop(self) -> None:
        process, self.process = self.process, None
        stop_process(process)


class CeleryWorker(_Worker):
    """``celery -A example_project worker`` run from example/ with the given environment
    (on ``queues`` when given, else Celery's default queue)."""

    name = "the Celery worker"

    def __init__(
        self,
        cwd: Path,
        env: Mapping[str, str],
        log_path: Path,
        queues: Sequence[str] = (),
    ) -> None:
        super().__init__(cwd, env, log_path)
        self.queues = tuple(queues)

    def _command(self) -> list[str]:
        queues = ("-Q", ",".join(self.queues)) if self.queues else ()
        return [
            *(sys.executable, "-m", "celery", "-A", "example_project", "worker"),
            *("--pool=solo", "--concurrency=1", "--loglevel=INFO", *queues),
            # No worker-to-worker chatter: the broker sees only the tasks.
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]

    def _started(self) -> bool:
        return " ready." in tail(self.log_path, 200)


class ChannelsWorker(_Worker):
    """``python manage.py runworker <channels>`` run from example/ with the given environment.

    Ready once Redis has its subscription to every channel: djwire's recommended layer is
    channels_redis' pub/sub one, which drops what is sent to a channel nobody listens to."""

    name = "the Channels worker"

    def __init__(
        self,
        cwd: Path,
        env: Mapping[str, str],
        log_path: Path,
        redis: RedisServer,
        channels: Sequence[str],
    ) -> None:
        super().__init__(cwd, env, log_path)
        self.redis = redis
        self.channels = tuple(channels)

    def _command(self) -> list[str]:
        return [sys.executable, "manage.py", "runworker", *self.channels]

    def _started(self) -> bool:
        return all(self.redis.numsub(channel) > 0 for channel in self.channels)


def child_pids(pid: int) -> set[int]:
    """The pids of the children of process ``pid`` (Linux: /proc/<pid>/task/*/children)."""
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            children |= {int(c) for c in (task / "children").read_text().split()}
    return children


def is_running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie, exited but not reaped, is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


Frame = list[Any]


class LiveSocket:
    """One page's WebSocket joined to a LiveView, as the browser client does it: GET the page
    (session cookie, ``dj-token``), connect with the cookie and the page's Origin, join."""

    def __init__(self, base_url: str, path: str, topic: str = "lv:1") -> None:
        self.base_url = base_url
        self.path = path
        self.topic = topic
        self._ref = 0
        self.pending: list[Frame] = []  # frames read while waiting for a reply
        jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar)
        )
        self._token, self.version = self._get_page(path)
        self._cookie = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
        self._exit = contextlib.ExitStack()
        self.ws: ClientConnection = self._exit.enter_context(self._connect())
        self.join()

    def _get_page(self, path: str) -> tuple[str, int]:
        """The join token and version of a LiveView page (GET, in this client's session)."""
        with self._opener.open(self.base_url + path, timeout=FRAME_TIMEOUT) as response:
            page = response.read().decode()
        token = re.search(r'dj-token="([^"]+)"', page)
        version = re.search(r'dj-v="(\d+)"', page)
        assert token is not None and version is not None, f"{path} is not a LiveView page"
        return html.unescape(token.group(1)), int(version.group(1))

    def _connect(self) -> connect:
        ws_url = self.base_url.replace("http://", "ws://", 1) + "/djwire/ws/"
        return connect(
            ws_url,
            origin=Origin(self.base_url),
            additional_headers={"Cookie": self._cookie},
            proxy=None,
            open_timeout=FRAME_TIMEOUT,
            close_timeout=2,
        )

    def reconnect(self) -> dict[str, Any]:
        """A new socket for the same page (as the client does after the server went away):
        joins with the page's token and version; the join reply's payload."""
        self._exit.close()
        self._exit = contextlib.ExitStack()
        self.pending = []
        self.ws = self._exit.enter_context(self._connect())
        return self.join()

    def request(self, topic: str, event: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Send a request and return its reply's payload (frames before it are kept)."""
        self._ref += 1
        ref = self._ref
        self.ws.send(json.dumps([ref, topic, event, payload]))
        deadline = time.monotonic() + FRAME_TIMEOUT
        while True:
            frame = self.receive(max(0.0, deadline - time.monotonic()))
            if frame[0] == ref:
                assert frame[2] == "ok", f"{event} refused: {frame}"
                return dict(frame[3])
            self.pending.append(frame)

    def join(self) -> dict[str, Any]:
        reply = self.request(
            self.topic, "join", {"pv": 1, "token": self._token, "v": self.version, "f": []}
        )
        self._token = reply["tk"]
        self.version = reply["v"]
        return reply

    def join_another(self, path: str, topic: str) -> dict[str, Any]:
        """Join a second LiveView on this socket (its frames are not this client's ``diff``s)."""
        token, version = self._get_page(path)
        return self.request(topic, "join", {"pv": 1, "token": token, "v": version, "f": []})

    def receive(self, timeout: float = FRAME_TIMEOUT) -> Frame:
        if self.pending:
            return self.pending.pop(0)
        return list(json.loads(self.ws.recv(timeout=timeout)))

    def next_diff(self, timeout: float = FRAME_TIMEOUT, topic: str | None = None) -> dict[str, Any]:
        """The next ``diff`` frame's payload (of this client's view unless ``topic`` names
        another join); for this client's view its version must follow the last one."""
        deadline = time.monotonic() + timeout
        while True:
            frame = self.receive(max(0.0, deadline - time.monotonic()))
            assert frame[2] != "error", frame
            if frame[2] != "diff" or frame[1] != (topic or self.topic):
                continue
            payload = dict(frame[3])
            if topic is None:
                assert payload["v"] == self.version + 1, (self.version, payload)
                self.version = payload["v"]
            return payload

    def next_resync(self, timeout: float = FRAME_TIMEOUT) -> dict[str, Any]:
        """The next frame of this client's view, which must be a ``resync`` (the view mounted
        afresh, its whole tree); its version is the client's from then on."""
        deadline = time.monotonic() + timeout
        while True:
            frame = self.receive(max(0.0, deadline - time.monotonic()))
            if frame[1] == self.topic:
                assert frame[2] == "resync", frame
                self.version = frame[3]["v"]
                return dict(frame[3])

    def receives_nothing(self, seconds: float) -> bool:
        try:
            frame = self.receive(seconds)
        except TimeoutError:
            return True
        self.pending.insert(0, frame)
        return False

    def is_open(self) -> bool:
        """The socket answers a ping (it was not closed under us)."""
        try:
            return self.ws.ping().wait(FRAME_TIMEOUT)
        except ConnectionClosed:
            return False

    def close(self) -> None:
        self._exit.close()


def diff_text(payload: dict[str, Any]) -> str:
    """A diff as one string, to look for rendered text in it."""
    return json.dumps(payload["d"], ensure_ascii=False)
