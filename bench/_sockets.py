"""What the socket benchmarks share: the one uvicorn process serving bench/asgi.py, many real
WebSocket clients opened from this asyncio process, and the time until the last one has a frame.
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import pathlib
import re
import resource
import signal
import socket
import statistics
import subprocess
import time
import urllib.request
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from typing import Any

import websockets

ROOT = pathlib.Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# The server imports the djwire of the caller's PYTHONPATH (made absolute: the server runs
# from ROOT), else this checkout's src/, never the one the venv may have installed (a worktree
# shares the main checkout's venv, whose editable install points there).
_CALLER = [os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
PYTHONPATH = os.pathsep.join([str(ROOT), *(_CALLER or [str(ROOT / "src")])])
WAVE = 200  # sockets opened at once: the server's accept queue is finite
CONNECT_TRIES = 3

# What a client needs before it opens its socket: its Cookie header, and the join frame to send
# once connected (None: it joins nothing).
Opener = Callable[[], Awaitable[tuple[str, list[Any] | None]]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The servers bench/memory.py compares: uvicorn with each of its WebSocket implementations
# (--ws), and daphne. The other benches use uvicorn's legacy "websockets" protocol, as before.
SERVERS = ("websockets", "websockets-sansio", "wsproto", "daphne")


def server_command(port: int, protocol: str) -> list[str]:
    """The command serving bench/asgi.py on ``port`` with ``protocol`` (one of SERVERS), with
    the frame limit djwire documents (check djwire.T001)."""
    if protocol == "daphne":
        return [
            *(PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "-v", "0"),
            *("--websocket-max-message-size", "65536"),
            "bench.asgi:application",
        ]
    if protocol not in SERVERS:
        raise ValueError(f"unknown server {protocol!r}: one of {', '.join(SERVERS)}")
    return [
        *(PYTHON, "-m", "uvicorn", "bench.asgi:application", "--port", str(port)),
        *("--host", "127.0.0.1", "--log-level", "warning", "--ws", protocol),
        *("--ws-max-queue", "64", "--ws-max-size", "65536", "--lifespan", "off"),
    ]


class Server:
    def __init__(
        self, settings: str = "bench.settings", protocol: str = "websockets", **environ: str
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.protocol = protocol
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "PYTHONPATH": PYTHONPATH}
        env.update(environ)
        self.process = subprocess.Popen(
            server_command(self.port, protocol),
            cwd=ROOT,
            env=env,
            preexec_fn=raise_fd_limit,
        )
        deadline = time.monotonic() + 120  # a loaded machine, or tracemalloc, is slow
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/bench/memory/", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the bench server did not start")

    def get(self, path: str) -> Any:
        return json.loads(urllib.request.urlopen(self.base + path, timeout=120).read())

    def rss_kb(self) -> int:
        return int(self.get("/bench/memory/")["rss_kb"])

    def cpu_seconds(self) -> float:
        """The CPU time (user and system) the server process has used so far."""
        fields = pathlib.Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1]
        utime, stime = fields.split()[11:13]
        return (int(utime) + int(stime)) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # daphne holding 10,000 sockets does not finish its shutdown in that time
            self.process.kill()
            self.process.wait()


def raise_fd_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def http_get(server: Server, path: str, cookie: str = "") -> tuple[str, str]:
    """GET ``path`` on one new connection: the body and the Cookie header of the cookies it set.

    Plain asyncio rather than urllib in threads, so that thousands of page loads run in waves
    from this one process the way the sockets do."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close\r\n"
    writer.write((head + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n").encode())
    response = await reader.read()
    writer.close()
    header_bytes, _, body = response.partition(b"\r\n\r\n")
    status, *headers = header_bytes.decode("latin-1").split("\r\n")
    assert " 200 " in status, status
    jar: SimpleCookie = SimpleCookie()
    for line in headers:
        name, _, value = line.partition(":")
        if name.lower() == "set-cookie":
            jar.load(value.strip())
    return body.decode(), "; ".join(f"{k}={m.value}" for k, m in jar.items())


def attribute(page: str, name: str) -> str:
    """The (HTML-unescaped) value of the first ``name="..."`` attribute in ``page``."""
    match = re.search(rf'{name}="([^"]+)"', page)
    assert match is not None, f"no {name} in the page"
    return html.unescape(match.group(1))


def own_page(server: Server, path: str) -> Opener:
    """An opener that loads ``path`` (its own page, session and join token, as a browser
    does) and joins the LiveView it renders."""

    async def opener() -> tuple[str, list[Any] | None]:
        page, cookie = await http_get(server, path)
        token = attribute(page, "dj-token")
        return cookie, [1, "lv:1", "join", {"pv": 1, "token": token, "v": 1, "f": []}]

    return opener


async def connect_all(server: Server, count: int, path: str, opener: Opener) -> list[Any]:
    """``count`` sockets on ``path``, each with what ``opener`` gives it, joined when it
    gives a join frame (whose reply must be ``ok``)."""
    url = f"ws://127.0.0.1:{server.port}{path}"
    sockets: list[Any] = []

    async def one() -> None:
        for attempt in range(CONNECT_TRIES):
            cookie, join = await opener()
            headers = {"Origin": server.base, "Cookie": cookie}
            try:
                ws = await websockets.connect(
                    url,
                    additional_headers=headers,
                    compression=None,
                    max_queue=None,
                    open_timeout=60,
                )
                break
            except (OSError, TimeoutError, websockets.InvalidHandshake):
                # A server with thousands of handshakes queued may drop one (uvicorn's legacy
                # protocol, at 10,000): try again, as a browser reconnects.
                if attempt == CONNECT_TRIES - 1:
                    raise
                await asyncio.sleep(1)
        if join is not None:
            await ws.send(json.dumps(join))
            reply = json.loads(await ws.recv())
            assert reply[2] == "ok", reply
        sockets.append(ws)

    for start in range(0, count, WAVE):
        await asyncio.gather(*(one() for _ in range(min(WAVE, count - start))))
    return sockets


async def deliver(
    server: Server, sockets: list[Any], trigger: str, expect: str = ""
) -> dict[str, float]:
    """GET ``trigger`` (which sends one frame to every socket) and time each socket's frame:
    the last and the median arrival after the GET started, frames/s to the last one, the
    server's CPU time meanwhile, and the server's own ``publish_ms`` from the trigger's reply.
    Every frame must contain ``expect``."""
    arrived: list[float] = []

    async def wait(ws: Any) -> None:
        frame = await asyncio.wait_for(ws.recv(), timeout=120)
        arrived.append(time.perf_counter())
        assert expect in frame, frame

    waiters = [asyncio.create_task(wait(ws)) for ws in sockets]
    await asyncio.sleep(0.05)
    cpu = server.cpu_seconds()
    started = time.perf_counter()
    publish = await asyncio.to_thread(server.get, trigger)
    await asyncio.gather(*waiters)
    last = max(arrived) - started
    return {
        "last_ms": last * 1000,
        # The server's CPU time (every thread) until the last frame arrived: steadier than
        # the wall time on a shared machine.
        "server_cpu_ms": (server.cpu_seconds() - cpu) * 1000,
        "median_ms": statistics.median(a - started for a in arrived) * 1000,
        "frames_per_s": len(sockets) / last,
        "server_publish_ms": float(publish["publish_ms"]),
    }


async def close_all(sockets: list[Any]) -> None:
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
