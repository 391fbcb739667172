"""The views of bench/sync_fanout.py: a page's token for a board, a save of one of its cards,
and the cost of a save nobody watches."""

from __future__ import annotations

import cProfile
import pstats
import time
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from bench.benchapp.channels import BoardChannel
from bench.benchapp.models import Board, Card, PlainCard

CARDS = 20


def token(request: HttpRequest, board_id: int) -> HttpResponse:
    """What a board's page hands the browser: the signed token of its channel (the session
    is made here, as a page's is)."""
    request.session.save()
    return JsonResponse({"token": BoardChannel.token_for(request, board_id=board_id)})


def setup(request: HttpRequest) -> HttpResponse:
    """Two boards of CARDS cards each (one of them watched by nobody, ever), and as many
    plain cards."""
    for board_id in (1, 2):
        board, _ = Board.objects.get_or_create(pk=board_id, defaults={"name": f"b{board_id}"})
        if not board.cards.exists():
            Card.objects.bulk_create(Card(board=board, title=f"c{i}") for i in range(CARDS))
            PlainCard.objects.bulk_create(
                PlainCard(board=board, title=f"c{i}") for i in range(CARDS)
            )
    return JsonResponse({"cards": Card.objects.count()})


def save(request: HttpRequest) -> HttpResponse:
    """``save()`` the first card of board 1 with a new title; returns the server time."""
    card = Card.objects.filter(board_id=1).order_by("pk").first()
    assert card is not None
    started = time.perf_counter()
    card.title = request.GET.get("title", "saved")
    if "profile" not in request.GET:
        card.save()
        return JsonResponse({"publish_ms": (time.perf_counter() - started) * 1000})
    # bench/fanout_calls.py: the Python calls of the save in this thread (the fan-out on the
    # event loop is counted there).
    profile = cProfile.Profile()
    profile.runcall(card.save)
    stats: Any = pstats.Stats(profile)
    calls = sum(nc for _cc, nc, _tt, _ct, _callers in stats.stats.values())
    top = sorted(stats.stats.items(), key=lambda item: -item[1][3])
    return JsonResponse(
        {
            "publish_ms": (time.perf_counter() - started) * 1000,
            "calls": calls,
            "top": [[pstats.func_std_string(f), v[1], v[3]] for f, v in top],
        }
    )


def save_cost(request: HttpRequest) -> HttpResponse:
    """Seconds per ``save()`` of a card of board 2 (its channel tracks it; nobody watches
    the board) and of a plain card no channel reaches, interleaved rounds, best of each."""
    saves = int(request.GET.get("saves", "2000"))
    card = Card.objects.filter(board_id=2).order_by("pk").first()
    plain = PlainCard.objects.filter(board_id=2).order_by("pk").first()
    assert card is not None and plain is not None
    best = {"tracked": float("inf"), "plain": float("inf")}
    for _round in range(5):
        for name, row in (("tracked", card), ("plain", plain)):
            started = time.perf_counter()
            for i in range(saves):
                row.position = i
                row.save()
            best[name] = min(best[name], (time.perf_counter() - started) / saves)
    return JsonResponse(best)
