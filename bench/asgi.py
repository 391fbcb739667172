"""The benchmark server: djwire's application, plus a minimal raw ASGI WebSocket app at /raw/
that sends the same bytes to the same sockets (the baseline of bench/push_fanout.py and
bench/signals_fanout.py), and at /raw/echo/ sends every frame back (the round-trip baseline of
bench/signals_fanout.py); /raw/profile/?on and ?off count the Python calls the event loop makes
in between (bench/fanout_calls.py)."""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import time
import urllib.parse
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from djwire.routing import get_asgi_application

djwire_app = get_asgi_application()

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402
from django.core.asgi import get_asgi_application as django_asgi_application  # noqa: E402

static_app = ASGIStaticFilesHandler(django_asgi_application())  # the client bundle
raw_sockets: list[Any] = []


async def raw_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Accept, then hold the socket; a GET of /raw/send/ writes a frame to every one."""
    if scope["type"] == "websocket" and scope["path"] == "/raw/echo/":
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        while (message := await receive())["type"] != "websocket.disconnect":
            await send({"type": "websocket.send", "text": message.get("text")})
        return
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        raw_sockets.append(send)
        try:
            while (await receive())["type"] != "websocket.disconnect":
                pass
        finally:
            raw_sockets.remove(send)
        return
    await receive()
    if scope["path"] == "/raw/profile/":
        await _profile(scope, send)
        return
    started = time.perf_counter()
    # The query string is the frame, URL-quoted by the bench: sent as the frame itself.
    frame = urllib.parse.unquote(scope["query_string"].decode())
    frame = frame or '[null,"lv:1","diff",{"v":2,"d":{"0":"1"}}]'
    for socket_send in list(raw_sockets):
        await socket_send({"type": "websocket.send", "text": frame})
    body = f'{{"publish_ms": {(time.perf_counter() - started) * 1000}}}'.encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


_profiler: cProfile.Profile | None = None


async def _profile(scope: dict[str, Any], send: Any) -> None:
    """``?on``: profile the event loop's thread from now (where every push fans out);
    ``?off``: stop, and answer the Python calls made meanwhile, the CPU seconds and the
    functions called most (``?off&cumulative``: those that took longest, callees included)."""
    global _profiler
    if scope["query_string"] == b"on":
        _profiler = cProfile.Profile(time.process_time)
        _profiler.enable()
        body = b"{}"
    else:
        assert _profiler is not None
        _profiler.disable()
        stats = pstats.Stats(_profiler)
        calls = sum(nc for _cc, nc, _tt, _ct, _callers in stats.stats.values())  # type: ignore[attr-defined]
        column = 3 if scope["query_string"] == b"off&cumulative" else 1
        top = sorted(stats.stats.items(), key=lambda item: -item[1][column])[:80]  # type: ignore[attr-defined]
        body = json.dumps(
            {
                "calls": calls,
                "cpu_s": stats.total_tt,  # type: ignore[attr-defined]
                "top": [[pstats.func_std_string(f), v[1], v[2]] for f, v in top],
            }
        ).encode()
        _profiler = None
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] in ("http", "websocket") and scope["path"].startswith("/raw/"):
        await raw_app(scope, receive, send)
    elif scope["type"] == "http" and scope["path"].startswith("/static/"):
        await static_app(scope, receive, send)
    else:
        await djwire_app(scope, receive, send)
