"""The signals window of bench/signals_fanout.py and the endpoint that triggers to its topic."""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from djwire.signals.tasks import atrigger, set_websocket_topics

TOPIC = "room"


def room(request: HttpRequest) -> HttpResponse:
    """A plain Django view whose page is a window listening to ``room``."""
    set_websocket_topics(request, TOPIC)
    return render(request, "benchapp/window.html")


async def ping(request: HttpRequest) -> HttpResponse:
    """Trigger ``bench.ping`` to every window of ``room``; returns the server time."""
    started = time.perf_counter()
    await atrigger(None, "bench.ping", to=[TOPIC], n=int(request.GET.get("n", 1)))
    return JsonResponse({"publish_ms": (time.perf_counter() - started) * 1000})
