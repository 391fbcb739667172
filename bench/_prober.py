"""A user clicking while a push fans out, in an OS process of its own (bench/push_fanout.py).

    .venv/bin/python bench/_prober.py <base url>

Loads ``/other/`` (its own page, session and view, which no push reaches), joins it on its own
socket, prints ``ready`` and then sends ``bump`` events back to back (2 ms apart) until its
stdin is closed; then prints one JSON line: ``[[sent, round trip], ...]`` in seconds, ``sent``
on ``time.monotonic()`` (one clock for every process of the machine), so the bench can keep the
events sent while its push ran. Being its own process, the events' round trips do not include
the bench client reading thousands of frames in the same process.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time

import websockets

from _sockets import attribute, http_get


class _Base:
    def __init__(self, base: str) -> None:
        self.base = base
        self.port = int(base.rsplit(":", 1)[1])


async def probe(base: str, stop: threading.Event) -> list[tuple[float, float]]:
    server = _Base(base)
    page, cookie = await http_get(server, "/other/")  # type: ignore[arg-type]
    token = attribute(page, "dj-token")
    url = base.replace("http://", "ws://") + "/djwire/ws/"
    headers = {"Origin": base, "Cookie": cookie}
    samples: list[tuple[float, float]] = []
    async with websockets.connect(url, additional_headers=headers, compression=None) as ws:
        await ws.send(json.dumps([1, "lv:1", "join", {"pv": 1, "token": token, "v": 1}]))
        reply = json.loads(await ws.recv())
        assert reply[2] == "ok", reply
        print("ready", flush=True)
        ref = 1
        while not stop.is_set():
            ref += 1
            sent = time.monotonic()
            await ws.send(json.dumps([ref, "lv:1", "event", {"e": "bump", "p": {}}]))
            while True:
                frame = json.loads(await ws.recv())
                if frame[0] == ref:
                    break
            assert frame[2] == "ok", frame
            samples.append((sent, time.monotonic() - sent))
            await asyncio.sleep(0.002)
    return samples


def main() -> None:
    stop = threading.Event()

    def wait_for_stdin_to_close() -> None:
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()
    samples = asyncio.run(probe(sys.argv[1], stop))
    print(json.dumps(samples), flush=True)


if __name__ == "__main__":
    main()
