"""What the server process holds, counted inside it for bench/memory.py's ``held`` run: Python
objects by type (the garbage collector's view) and, when the server runs with
``PYTHONTRACEMALLOC``, the bytes allocated by each line and each package still alive.

GET /bench/held/?mark remembers the counts now; GET /bench/held/ returns what was added since.
"""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
from collections import Counter
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

_marked: dict[str, Any] = {}

# The packages a traced allocation is put under, by its innermost frame's path.
PACKAGES = (
    "djwire",
    "channels",
    "django",
    "uvicorn",
    "websockets",
    "wsproto",
    "daphne",
    "twisted",
    "autobahn",
    "asyncio",
    "asgiref",
    "h11",
    "httptools",
)


def _package(filename: str) -> str:
    parts = filename.replace("\\", "/").split("site-packages/")[-1].split("/")
    for name in parts[:-1]:
        if name in PACKAGES:
            return name
    return "other"


def _counts() -> dict[str, Any]:
    gc.collect()
    objects = gc.get_objects()
    types = Counter(type(o).__name__ for o in objects)
    # Which coroutine each live task runs: what a socket keeps running while idle.
    tasks = Counter(
        getattr(o.get_coro(), "__qualname__", "?") for o in objects if isinstance(o, asyncio.Task)
    )
    del objects
    counts: dict[str, Any] = {
        "types": types,
        "tasks": tasks,
        "lines": Counter(),
        "packages": Counter(),
    }
    if tracemalloc.is_tracing():
        # By the line that allocated (PYTHONTRACEMALLOC=1 keeps that frame only).
        for stat in tracemalloc.take_snapshot().statistics("lineno"):
            frame = stat.traceback[0]
            line = f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}"
            counts["lines"][line] += stat.size
            counts["packages"][_package(frame.filename)] += stat.size
    return counts


def held(request: HttpRequest) -> HttpResponse:
    now = _counts()
    if "mark" in request.GET:
        _marked.clear()
        _marked.update(now)
        return JsonResponse({"marked": True})
    added = {}
    for key in ("types", "tasks", "lines", "packages"):
        diff = Counter(now[key])
        diff.subtract(_marked.get(key, Counter()))
        added[key] = dict(diff.most_common(400))
    return JsonResponse(added)
