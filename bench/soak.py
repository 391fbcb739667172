"""The soak: many sockets on the Redis layer, a push every second, one Redis restart.

    .venv/bin/python bench/soak.py                          # 2,000 sockets, 10 minutes
    .venv/bin/python bench/soak.py --sockets 300 --minutes 1
    .venv/bin/python bench/soak.py --sockets 300 --minutes 4 --restarts 6   # memory per restart

A private redis-server (a free port on 127.0.0.1, its own directory, append-only file on, so
that a restart keeps the push history as a production Redis with persistence does), one
uvicorn process of bench/settings_redis.py, N sockets joined to a small view (one HTTP render's
token), and a pushing process of its own (as a Celery worker or a command would push) calling
``push_to_view`` once a second. Half-way through, Redis is stopped and started again on the
same port. Reported: unexpected closes (want 0), pushes that returned and did not reach every
socket (want 0), pushes that raised (during the outage, as documented), resyncs, the push
latency from the call to each socket's frame (p50, p99, max), and the server's RSS once all
sockets are joined, after the warm-up (the first pushes to every socket allocate what each
socket's sends keep: buffers, the stream's reader) and at the end: flat, the end within 10%
of the warmed-up figure. Results go to
bench/results/soak-<date>.json (or ``--out``). CI runs a two-minute version of 200 sockets
(tests/e2e/test_soak.py).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any

import websockets

from _sockets import PYTHON, ROOT, Server, attribute, free_port, http_get, raise_fd_limit

VIEW = "bench.benchapp.views.SmallView"
WAVE = 100  # sockets opened at once
WARMUP = 60.0  # seconds of pushes before the RSS baseline (a fifth of a shorter run)


class Redis:
    """redis-server on a free port, appendonly on, stopped and started by its pid."""

    def __init__(self, workdir: str) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--dir", self.workdir, "--save", "", "--appendonly", "yes"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while (
            subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True
            ).stdout.strip()
            != b"PONG"
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)  # writes its append-only file first
            self.process.wait(timeout=30)
            self.process = None


def pusher(url: str, count: int) -> None:
    """The pushing process: ``count`` pushes a second apart; one JSON line per push."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_redis"
    os.environ["DJWIRE_BENCH_REDIS"] = url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from djwire import push_to_view

    start = time.monotonic()
    for n in range(1, count + 1):
        time.sleep(max(0.0, start + n - time.monotonic()))
        sent = time.time()
        try:
            push_to_view(VIEW, state={"counter": n})
            error = ""
        except Exception as exc:  # an outage: the call raises, as documented
            error = type(exc).__name__
        print(json.dumps({"n": n, "t": sent, "error": error}), flush=True)


class Client:
    """One socket: the counter values it was pushed, when, and how it ended."""

    def __init__(self) -> None:
        self.values: list[tuple[int, float]] = []
        self.resyncs = 0
        self.closed: str | None = None

    async def run(self, url: str, headers: dict[str, str], join: list[Any]) -> Any:
        ws = await websockets.connect(
            url,
            additional_headers=headers,
            compression=None,
            max_queue=None,
            open_timeout=120,
            ping_interval=None,  # a page's socket: the server is what must keep it alive
        )
        await ws.send(json.dumps(join))
        reply = json.loads(await ws.recv())
        assert reply[2] == "ok", reply
        return ws

    async def read(self, ws: Any) -> None:
        try:
            async for text in ws:
                arrived = time.time()
                frame = json.loads(text)
                if frame[2] == "diff":
                    value = next(iter(frame[3]["d"].values()))
                    self.values.append((int(value), arrived))
                elif frame[2] == "resync":
                    self.resyncs += 1
        except websockets.ConnectionClosed as closed:
            self.closed = f"{closed.rcvd.code if closed.rcvd else 'none'}"


async def soak(sockets: int, minutes: float, restarts: int = 1) -> dict[str, Any]:
    workdir = tempfile.mkdtemp(prefix="djwire-soak-")
    redis = Redis(workdir)
    redis.start()
    server = Server("bench.settings_redis", DJWIRE_BENCH_REDIS=redis.url)
    push_process = None
    try:
        page, cookie = await http_get(server, "/small/")
        join = [1, "lv:1", "join", {"pv": 1, "token": attribute(page, "dj-token"), "v": 1}]
        headers = {"Origin": server.base, "Cookie": cookie}
        url = f"ws://127.0.0.1:{server.port}/djwire/ws/"
        clients = [Client() for _ in range(sockets)]
        opened = []
        for start in range(0, sockets, WAVE):
            wave = clients[start : start + WAVE]
            opened += await asyncio.gather(*(c.run(url, headers, join) for c in wave))
        readers = [asyncio.create_task(c.read(ws)) for c, ws in zip(clients, opened, strict=True)]
        await asyncio.sleep(2)
        rss = [(0.0, server.rss_kb())]
        pushes = int(minutes * 60)
        push_process = subprocess.Popen(
            [PYTHON, __file__, "--push", redis.url, str(pushes)],
            stdout=subprocess.PIPE,
            cwd=ROOT,
        )
        began = time.monotonic()
        # CPU used while pushing, by the server and by this process (the 2,000 clients), and
        # the machine's load: what the latency figures are to be read against.
        cpu = (server.cpu_seconds(), time.process_time(), os.getloadavg()[0])
        # Evenly spaced: one restart half-way, by default.
        due = [pushes * (k + 1) / (restarts + 1) for k in range(restarts)]
        restarted: list[tuple[float, float]] = []  # (seconds into the run, wall clock)
        while push_process.poll() is None:
            await asyncio.sleep(1)
            elapsed = time.monotonic() - began
            if len(restarted) < len(due) and elapsed >= due[len(restarted)]:
                wall = time.time()
                redis.stop()
                await asyncio.sleep(1)
                redis.start()
                restarted.append((elapsed, wall))
            if len(rss) < 2 or elapsed - rss[-1][0] >= 10:
                rss.append((elapsed, await asyncio.to_thread(server.rss_kb)))
        cpu_used = (server.cpu_seconds() - cpu[0], time.process_time() - cpu[1])
        loads = (cpu[2], os.getloadavg()[0])
        assert push_process.stdout is not None
        sent = [json.loads(line) for line in push_process.stdout.read().decode().splitlines()]
        await asyncio.sleep(5)  # the last push's frames, and any gap still being filled
        rss.append((time.monotonic() - began, await asyncio.to_thread(server.rss_kb)))
        for ws in opened:
            await ws.close()
        await asyncio.gather(*readers)
    finally:
        if push_process is not None and push_process.poll() is None:
            push_process.kill()
        server.stop()
        redis.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    result = summarize(clients, sent, rss, restarted, sockets, minutes)
    pushed = max(1, len(sent))
    result["cpu_s_per_push"] = {
        "server": round(cpu_used[0] / pushed, 3),
        "clients": round(cpu_used[1] / pushed, 3),
    }
    result["load_average"] = {"start": loads[0], "end": loads[1]}
    return result


def summarize(
    clients: list[Client],
    sent: list[dict[str, Any]],
    rss: list[tuple[float, int]],
    restarted: list[tuple[float, float]],
    sockets: int,
    minutes: float,
) -> dict[str, Any]:
    returned = {p["n"]: p["t"] for p in sent if not p["error"]}
    raised = [p["n"] for p in sent if p["error"]]
    latencies: list[float] = []
    # Away from the restart: pushes sent before Redis stopped or over 8 s after (it is down
    # for about 1 s, then gaps are found by the next head read, once a second).
    steady: list[float] = []
    undelivered = 0
    out_of_order = 0
    for client in clients:
        values = [value for value, _ in client.values]
        if values != sorted(set(values)):
            out_of_order += 1
        seen = dict(client.values)
        undelivered += sum(1 for n in returned if n not in seen)
        for n, t in returned.items():
            if n in seen:
                latencies.append((seen[n] - t) * 1000)
                if not any(wall <= t <= wall + 8 for _, wall in restarted):
                    steady.append(latencies[-1])
    latencies.sort()
    steady.sort()

    def pct(q: float, values: list[float] = latencies) -> float:
        return round(values[min(len(values) - 1, int(len(values) * q))], 1)

    unexpected = [c.closed for c in clients if c.closed not in (None, "1000")]
    joined, end = rss[1][1], rss[-1][1]
    # The first pushes to every socket grow the process once (seen: +6% in the first minute
    # of 2,000 sockets, then flat for nine): a leak is growth after that.
    warmup = min(WARMUP, minutes * 60 / 5)
    warm = next(kb for t, kb in rss[1:] if t >= warmup)
    return {
        "python": sys.version.split()[0],
        "sockets": sockets,
        "minutes": minutes,
        "pushes": len(sent),
        "pushes_returned": len(returned),
        "pushes_raised": len(raised),
        "raised_delivered_to_all": sum(
            1 for n in raised if all(n in dict(c.values) for c in clients)
        ),
        "redis_restarted_at_s": restarted[0][0] if restarted else None,
        "redis_restarts_at_s": [round(at, 1) for at, _ in restarted],
        "deliveries": len(latencies),
        "undelivered": undelivered,
        "sockets_out_of_order": out_of_order,
        "unexpected_closes": len(unexpected),
        "resyncs": sum(c.resyncs for c in clients),
        "latency_ms": {"p50": pct(0.5), "p99": pct(0.99), "max": round(latencies[-1], 1)},
        "latency_away_from_restart_ms": {"p50": pct(0.5, steady), "p99": pct(0.99, steady)},
        "rss_mb": [(round(t), round(kb / 1024, 1)) for t, kb in rss],
        "rss_warmup_s": round(warmup),
        "rss_growth": round((end - warm) / warm, 4),
        "rss_growth_from_joined": round((end - joined) / joined, 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockets", type=int, default=2_000)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument(
        "--restarts", type=int, default=1, help="Redis restarts, evenly spaced (default: 1)"
    )
    parser.add_argument(
        "--out", help="where the results go (default: bench/results/soak-<date>.json)"
    )
    args = parser.parse_args()
    result = asyncio.run(soak(args.sockets, args.minutes, args.restarts))
    latency = result["latency_ms"]
    steady = result["latency_away_from_restart_ms"]
    print(
        f"{result['sockets']} sockets, {result['minutes']:g} min, {result['pushes']} pushes "
        f"(Redis restarted at {', '.join(f'{at:.0f}' for at in result['redis_restarts_at_s'])} s)\n"
        f"  unexpected closes      {result['unexpected_closes']}\n"
        f"  pushes returned        {result['pushes_returned']}, undelivered "
        f"{result['undelivered']} (socket x push), sockets out of order "
        f"{result['sockets_out_of_order']}\n"
        f"  pushes raised          {result['pushes_raised']} (the outage), of them delivered "
        f"to every socket {result['raised_delivered_to_all']}\n"
        f"  resyncs                {result['resyncs']}\n"
        f"  latency                p50 {latency['p50']} ms, p99 {latency['p99']} ms, "
        f"max {latency['max']} ms over {result['deliveries']} frames\n"
        f"  away from the restart  p50 {steady['p50']} ms, p99 {steady['p99']} ms\n"
        f"  CPU per push           server {result['cpu_s_per_push']['server']} s, clients "
        f"{result['cpu_s_per_push']['clients']} s (load average "
        f"{result['load_average']['start']:.1f} -> {result['load_average']['end']:.1f})\n"
        f"  server RSS             {result['rss_mb']} MB\n"
        f"  RSS growth             {result['rss_growth']:+.1%} after the warm-up "
        f"({result['rss_warmup_s']} s), {result['rss_growth_from_joined']:+.1%} from joined"
    )
    dated = ROOT / "bench" / "results" / f"soak-{dt.date.today().isoformat()}.json"
    out = pathlib.Path(args.out) if args.out else dated
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"written to {out}")
    ok = result["unexpected_closes"] == 0 and result["undelivered"] == 0
    return 0 if ok and abs(result["rss_growth"]) <= 0.10 else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--push"]:
        pusher(sys.argv[2], int(sys.argv[3]))
    else:
        raise_fd_limit()
        sys.exit(main())
