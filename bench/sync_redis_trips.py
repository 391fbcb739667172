"""Redis work per ``save()`` of a model-state channel's row with a Redis channel layer: the
commands Redis runs and the round trips this process makes, for a row of an anchor watched
in another process and for one nobody watches.

    PYTHONPATH=src .venv/bin/python bench/sync_redis_trips.py

One private redis-server on a free port (no persistence), this process on
bench/settings_redis.py with a SQLite file made for the run. ``BoardChannel``'s board 1 is
watched by another process (its member in the registry written as that process's refresher
writes it), board 2 by nobody. Each row is saved SAVES times in autocommit (each save its own
transaction and flush), first with ``DJWIRE["sync_watch_cache"] = 0`` (every question asks
Redis, as before that setting: the baseline, in the same run), then with the default. Counted:
Redis' own INFO commandstats (commands) and, in this process, every command or pipeline
redis-py sends (round trips).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the bench app; djwire from PYTHONPATH (src/)

SAVES = 200
_sent = Counter[str]()


def _count_round_trips() -> None:
    """Count each packed send of redis-py (one per command, one per pipeline)."""
    import redis.asyncio.connection as async_connection
    import redis.connection as sync_connection

    for module in (sync_connection, async_connection):
        cls: Any = module.AbstractConnection
        original = cls.send_packed_command

        def counted(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            _sent["round trips"] += 1
            return _original(self, *args, **kwargs)

        cls.send_packed_command = counted


def start_redis(workdir: str) -> tuple[subprocess.Popen[bytes], int]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    command = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", workdir]
    process = subprocess.Popen([*command, "--save", "", "--appendonly", "no"])
    deadline = time.monotonic() + 30
    while (
        subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip()
        != b"PONG"
    ):
        if time.monotonic() > deadline:
            raise RuntimeError("redis-server did not start")
        time.sleep(0.05)
    return process, port


def commandstats(client: Any) -> Counter[str]:
    stats = client.info("commandstats")
    return Counter({name.removeprefix("cmdstat_"): int(v["calls"]) for name, v in stats.items()})


def measure(card: Any, client: Any) -> dict[str, float]:
    before, sent = commandstats(client), _sent["round trips"]
    for i in range(SAVES):
        card.position = i
        card.save()
    after = commandstats(client)
    used = after - before
    used.pop("info", None)
    per_save = {name: calls / SAVES for name, calls in sorted(used.items())}
    per_save["(commands)"] = sum(used.values()) / SAVES
    per_save["(round trips)"] = (_sent["round trips"] - sent) / SAVES
    return per_save


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="djwire-trips-")
    redis_process, port = start_redis(workdir)
    try:
        os.environ["DJWIRE_BENCH_REDIS"] = f"redis://127.0.0.1:{port}/0"
        os.environ["DJWIRE_BENCH_DB"] = os.path.join(workdir, "db.sqlite3")
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_redis"
        import django

        django.setup()
        results = run(port)
    finally:
        redis_process.terminate()
        redis_process.wait(timeout=30)
    print(table(results))
    out = ROOT / "bench" / "results" / f"sync_redis_trips-{dt.date.today().isoformat()}.json"
    out.write_text(
        json.dumps({"python": sys.version.split()[0], "saves": SAVES, **results}, indent=2)
    )
    print(f"\nwritten to {out.relative_to(ROOT)}")


def run(port: int) -> dict[str, dict[str, dict[str, float]]]:
    import redis
    from django.conf import settings
    from django.core.management import call_command

    from bench.benchapp.channels import BoardChannel
    from bench.benchapp.models import Board, Card
    from djwire.sync import shared_watch

    call_command("migrate", run_syncdb=True, verbosity=0)
    for board_id in (1, 2):
        board = Board.objects.create(pk=board_id, name=f"b{board_id}")
        Card.objects.create(board=board, title="c")
    client = redis.Redis(port=port)
    # Board 1 watched by another process, as its refresher keeps it (an hour from now).
    member = "other-process.1|1"
    client.zadd(shared_watch._key(BoardChannel.name), {member: time.time() + 3600})
    _count_round_trips()
    results: dict[str, dict[str, dict[str, float]]] = {}
    for label, cache in (("cache 0", 0.0), ("cache 0.1", 0.1)):
        settings.DJWIRE = {**getattr(settings, "DJWIRE", {}), "sync_watch_cache": cache}
        results[label] = {
            "watched elsewhere": measure(Card.objects.get(board_id=1), client),
            "nobody watches": measure(Card.objects.get(board_id=2), client),
        }
    return results


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    names = sorted({n for runs in results.values() for r in runs.values() for n in r})
    columns = [(label, row) for label, runs in results.items() for row in runs]
    head = f"{'per save()':<16} | " + " | ".join(
        f"{f'{row}, {label}':>30}" for label, row in columns
    )
    lines = [head, "-" * len(head)]
    for name in names:
        cells = [results[label][row].get(name, 0.0) for label, row in columns]
        lines.append(f"{name:<16} | " + " | ".join(f"{cell:>30.2f}" for cell in cells))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
