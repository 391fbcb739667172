"""HTTP endpoints the fan-out benchmark calls inside the server process."""

from __future__ import annotations

import os
import time

from django.http import HttpRequest, HttpResponse, JsonResponse

from djwire import apush_to_view


async def push(request: HttpRequest) -> HttpResponse:
    """Push ``counter=<value>`` to every connected view of ``view`` (as state, or through the
    handler ``on_value`` when ``handler=1``); returns the server time."""
    started = time.perf_counter()
    value = int(request.GET["value"])
    if request.GET.get("handler"):
        await apush_to_view(request.GET["view"], handler="on_value", payload={"value": value})
    else:
        await apush_to_view(request.GET["view"], state={"counter": value})
    return JsonResponse({"publish_ms": (time.perf_counter() - started) * 1000})


def memory(request: HttpRequest) -> HttpResponse:
    """Resident memory of this server process, in KB (from /proc)."""
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return JsonResponse({"rss_kb": int(line.split()[1])})
    return JsonResponse({"rss_kb": 0})
