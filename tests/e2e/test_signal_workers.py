"""Every signal worker mode, live: the example served by uvicorn with Redis and
DJWIRE["signal_workers"] set, plus the worker process the mode needs (`celery -A example_project
worker -Q celery`, `manage.py runworker celery`); the process mode's workers are spawned by
whichever process triggers. In each mode a chat window sees what its worker sends: a message
(chat.send, called by the browser), a server signal triggered by a management command
(demo.ping), a delayed signal (chat.remind, trigger_signal with a countdown), and a signal that
raises is logged by its worker, which goes on working."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect
from tests.e2e.chat_windows import Windows, call, send, window_key
from tests.e2e.conftest import EXAMPLE, ExampleServer
from tests.e2e.servers import (
    CeleryWorker,
    ChannelsWorker,
    RedisServer,
    child_pids,
    is_running,
    tail,
    wait_for,
)

pytestmark = pytest.mark.e2e

MODES = ("thread", "process", "celery", "channels")
QUEUE = "celery"  # the chat's signals name no queue: DJWIRE["signal_default_queue"]
LOG_TIMEOUT = 10.0


@dataclass
class Deployment:
    """The example in one worker mode: its server, and the process whose log the signals'
    worker writes (the server itself for thread and process, whose workers write to its
    output), and that process's pid."""

    mode: str
    server: ExampleServer
    worker_log: Path
    worker_pid: int

    def worker_log_text(self) -> str:
        return self.worker_log.read_text(errors="replace")

    def failure_logs(self) -> list[tuple[str, str]]:
        """The tails of the logs, shown under a failed test (tests/e2e/conftest.py)."""
        sections = [(f"{self.mode}: server log (tail)", self.server.log_tail())]
        if self.worker_log != self.server.log_path:
            sections.append((f"{self.mode}: worker log (tail)", tail(self.worker_log)))
        return sections


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("workers-db")
    db = workdir / "db.sqlite3"
    ExampleServer(db, workdir / "migrate.log").manage("migrate", "--noinput", "--skip-checks")
    return db


@pytest.fixture(scope="module", params=MODES)
def deployment(
    request: pytest.FixtureRequest,
    redis_server: RedisServer,
    example_db: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Deployment]:
    mode: str = request.param
    workdir = tmp_path_factory.mktemp(f"workers-{mode}")
    # A Redis database of its own per mode: no Celery task of one mode is left to another.
    env = {
        "DJWIRE_EXAMPLE_REDIS": f"redis://127.0.0.1:{redis_server.port}/{MODES.index(mode) + 1}",
        "DJWIRE_EXAMPLE_SIGNAL_WORKERS": mode,
    }
    server = ExampleServer(example_db, workdir / "server.log", env)
    worker: CeleryWorker | ChannelsWorker | None = None
    if mode == "celery":
        worker = CeleryWorker(EXAMPLE, server.env, workdir / "worker.log", queues=[QUEUE])
    elif mode == "channels":
        worker = ChannelsWorker(EXAMPLE, server.env, workdir / "worker.log", redis_server, [QUEUE])
    try:
        if worker is not None:
            worker.start()
        server.start()
        assert server.process is not None
        if worker is None:
            log, pid = server.log_path, server.process.pid
        else:
            assert worker.process is not None
            log, pid = worker.log_path, worker.process.pid
        yield Deployment(mode, server, log, pid)
    finally:
        spawned = child_pids(server.process.pid) if server.process is not None else set()
        server.stop()
        if worker is not None:
            worker.stop()
    # The process mode's spawned workers end with the server that spawned them.
    wait_for(lambda: not any(map(is_running, spawned)), 10, f"the workers {spawned} to end")


@pytest.fixture
def windows(browser, deployment, console) -> Iterator[Windows]:
    opened = Windows(browser, deployment.server, console)
    yield opened
    opened.close()
    assert console.unexpected() == [], "a page logged errors"


def messages(page):
    return page.locator("#messages li")


def test_a_message_runs_in_the_worker_and_reaches_every_window_of_the_room(windows):
    alice = windows.open("/chat/w-send/")
    bob = windows.open("/chat/w-send/")
    send(alice, "hello from the worker")
    for page in (alice, bob):
        expect(messages(page)).to_have_text(["guest hello from the worker"])
    expect(alice.get_by_label("Message")).to_have_value("")  # html.forms.set to WINDOW
    send(bob, "and back")
    expect(messages(alice)).to_have_text(["guest hello from the worker", "guest and back"])


def test_a_server_signal_from_a_management_command_reaches_the_room(deployment, windows):
    page = windows.open("/chat/w-ping/")
    elsewhere = windows.open("/chat/w-elsewhere/")
    # demo.ping is triggered to SERVER in the command's process and runs in the mode's worker
    # (thread, process: the command's own), whose html.append reaches the server's windows.
    assert "Pinged w-ping." in deployment.server.manage("ping_room", "w-ping", "--text", "pong")
    expect(messages(page)).to_have_text(["server pong"])
    expect(messages(elsewhere)).to_have_count(0)


def test_a_delayed_signal_reaches_the_room_when_due(windows):
    page = windows.open("/chat/w-remind/")
    other = windows.open("/chat/w-remind/")
    started = time.monotonic()
    opts = {"room": "w-remind", "text": "one second later", "seconds": 1}
    assert call(page, "chat.remind", opts) == "accepted"
    # chat.remind ran in the worker and triggered html.append with countdown=1: nothing yet.
    expect(messages(page)).to_have_count(0, timeout=500)
    for window in (page, other):
        expect(messages(window)).to_have_text(["reminder one second later"])
    assert time.monotonic() - started >= 1.0


def test_a_signal_that_raises_is_logged_by_its_worker_which_goes_on(deployment, windows):
    page = windows.open("/chat/w-fail/")
    key = window_key(page)
    assert call(page, "demo.fail", {}) == "accepted"
    logged = re.compile(
        rf"signal demo\.fail \(demo\.signals\.fail\) raised, for window {re.escape(key)}\n"
        r"Traceback [\s\S]*?RuntimeError: demo\.fail raises on purpose \(process (\d+)\)"
    )
    wait_for(
        lambda: logged.search(deployment.worker_log_text()) is not None,
        LOG_TIMEOUT,
        f"demo.fail's error in {deployment.worker_log.name}",
    )
    match = logged.search(deployment.worker_log_text())
    assert match is not None
    pid = int(match.group(1))
    assert deployment.server.process is not None
    server_pid = deployment.server.process.pid
    if deployment.mode == "process":
        assert pid in child_pids(server_pid), "not run in a worker process the server spawned"
    else:
        assert pid == deployment.worker_pid
    send(page, "still working")
    expect(messages(page)).to_have_text(["guest still working"])
