"""Browser tests against the example project, served by a real uvicorn process.

The server runs in its own process with its own settings (example_project.settings) and a
temporary SQLite file, so nothing here touches the test process's Django (tests.settings) and
no test uses pytest-django's database fixtures. Chromium is Debian's, driven by Playwright.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright
from tests.e2e.servers import CeleryWorker, RedisServer, tail, wait_for

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0

# Counts djwire:joined events from the first script on, so that a test can wait for the first
# join and, after a server restart, for the re-join.
COUNT_JOINS = """
window.__djwireJoins = 0;
document.addEventListener("djwire:joined", () => { window.__djwireJoins += 1; });
"""

expect.set_options(timeout=10_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ExampleServer:
    """The example project under uvicorn on 127.0.0.1; restartable on the same port and DB."""

    def __init__(
        self,
        db_path: Path,
        log_path: Path,
        extra_env: dict[str, str] | None = None,
        server_args: tuple[str, ...] = (),
    ) -> None:
        self.port = _free_port()
        self.db_path = db_path
        self.log_path = log_path
        self.extra_env = extra_env or {}
        self.server_args = server_args  # more uvicorn options (``("--ws", "wsproto")``)
        self.process: subprocess.Popen[bytes] | None = None
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        # This checkout's djwire, whatever the cwd: a relative PYTHONPATH=src (as a worktree
        # runs its tests) names example/src in the server's cwd, and the editable install's
        # djwire (another checkout's) would be served instead.
        env["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT / "src"), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        )
        # pytest-django exports tests.settings; the server must use the example's own settings.
        env["DJANGO_SETTINGS_MODULE"] = "example_project.settings"
        env["DJWIRE_EXAMPLE_DB"] = str(self.db_path)
        env["PYTHONUNBUFFERED"] = "1"
        env.update(self.extra_env)
        return env

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=EXAMPLE,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode:
            command = " ".join(args)
            raise RuntimeError(f"manage.py {command} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def start(self) -> None:
        assert self.process is None, "already running"
        with self.log_path.open("ab") as log:
            log.write(f"--- starting on port {self.port}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "example_project.asgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    # As djwire documents: the server reads no frame larger than djwire
                    # accepts (DJWIRE["max_message_bytes"], check djwire.T001).
                    "--ws-max-size",
                    "65536",
                    *self.server_args,
                ],
                cwd=EXAMPLE,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_ready()

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """Stop the server by its pid: SIGTERM lets uvicorn shut down cleanly (SIGKILL follows
        if it is stuck); SIGKILL is a crash."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            os.kill(process.pid, sig)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()

    def restart(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """Stop the server and start it again on the same port with the same database."""
        self.stop(sig)
        self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the example server exited:\n{self.log_tail()}")
            try:
                with self._opener.open(self.url("/"), timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"no answer from the example server in {START_TIMEOUT}s:\n{self.log_tail()}"
        )


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExampleServer]:
    workdir = tmp_path_factory.mktemp("example")
    example = ExampleServer(workdir / "db.sqlite3", workdir / "server.log")
    example.manage("migrate", "--noinput")
    example.manage("seed_products")
    example.start()
    yield example
    example.stop()


# Module scope, not session: Playwright's sync API keeps an asyncio loop running in this thread
# while it is open, and pytest-asyncio cannot run the async tests of other modules under it.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class ConsoleLog:
    """Console errors and uncaught exceptions of one page; a test may allow expected noise."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._allowed: list[re.Pattern[str]] = []

    def allow(self, pattern: str) -> None:
        self._allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self._allowed)]

    def watch(self, page: Page) -> None:
        """Record the console errors and uncaught exceptions of ``page``."""
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser: Browser, server: ExampleServer, console: ConsoleLog) -> Iterator[Page]:
    context = browser.new_context()
    context.add_init_script(COUNT_JOINS)
    page = context.new_page()
    console.watch(page)
    yield page
    context.close()
    assert console.unexpected() == [], "the page logged errors"


@pytest.fixture
def open_tab(
    browser: Browser, server: ExampleServer, console: ConsoleLog
) -> Iterator[Callable[..., LivePage]]:
    """``open_tab(path)`` opens a LiveView page of the example as one more tab and waits for
    its join. Tabs of the same ``session`` share one browser context (cookies, so one Django
    session); another name is another browser. ``on=`` serves it from another ExampleServer;
    ``before(page)`` runs before the page loads (to ``page.route`` what it fetches)."""
    contexts: dict[str, Any] = {}

    def open_tab(
        path: str,
        session: str = "tabs",
        on: ExampleServer | None = None,
        before: Callable[[Page], None] | None = None,
    ) -> LivePage:
        if session not in contexts:
            contexts[session] = browser.new_context()
            contexts[session].add_init_script(COUNT_JOINS)
        page = contexts[session].new_page()
        console.watch(page)
        if before is not None:
            before(page)
        live = LivePage(page, on or server, console)
        live.open(path)
        return live

    yield open_tab
    for context in contexts.values():
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    example = getattr(item, "funcargs", {}).get("server")
    if report.failed and isinstance(example, ExampleServer):
        report.sections.append(("example server log (tail)", example.log_tail()))
    cluster = getattr(item, "funcargs", {}).get("cluster")
    if report.failed and isinstance(cluster, ExampleCluster):
        report.sections.extend(cluster.logs())
    for value in getattr(item, "funcargs", {}).values():
        # Any other fixture value can show its processes' logs: a failure_logs() method.
        failure_logs = getattr(value, "failure_logs", None)
        if report.failed and callable(failure_logs):
            report.sections.extend(failure_logs())


class LivePage:
    """A browser page plus the waits every test needs; never sleeps."""

    def __init__(self, page: Page, server: ExampleServer, console: ConsoleLog) -> None:
        self.page = page
        self.server = server
        self.console = console
        self.root = page.locator("[dj-root]")

    def open(self, path: str) -> None:
        """Load a LiveView page and wait until its view has joined over the WebSocket."""
        self.page.goto(self.server.url(path))
        self.page.wait_for_function("window.__djwireJoins >= 1")
        self.settle()

    def settle(self) -> None:
        """Wait until no event is in flight: the root has lost dj-loading."""
        expect(self.root).not_to_have_class(re.compile(r"\bdj-loading\b"))

    def joins(self) -> int:
        return int(self.page.evaluate("window.__djwireJoins"))

    def wait_for_joins(self, count: int, timeout: float = 30_000) -> None:
        self.page.wait_for_function(f"window.__djwireJoins >= {count}", timeout=timeout)


# The example project keeps the default FileStore directory.
STATE_DIR = os.path.join(tempfile.gettempdir(), "djwire-state")


def wait_until_saved(since: float) -> None:
    """State is saved behind the reply (docs/state.md): a crash before that save loses the last
    change by design, so a crash test waits for the save, as a real crash would have to."""

    def saved() -> bool:
        # Records are files named by their view's id, in time buckets (store.py); a record
        # still being written has another name, and a bucket's own time says nothing.
        for folder, _dirs, files in os.walk(STATE_DIR):
            for name in files:
                try:
                    if name.isalnum() and os.path.getmtime(os.path.join(folder, name)) >= since:
                        return True
                except FileNotFoundError:  # swept or replaced meanwhile
                    continue
        return False

    wait_for(saved, 5, "the view's state saved after the last click")


@pytest.fixture
def live(page: Page, server: ExampleServer, console: ConsoleLog) -> LivePage:
    return LivePage(page, server, console)


# -- Server push across processes: one Redis, two server processes, a Celery worker ------------


class ExampleCluster:
    """Two uvicorn processes of the example sharing one Redis server and one SQLite file.
    A management command run from here is a third process."""

    def __init__(self, redis: RedisServer, workdir: Path) -> None:
        self.redis = redis
        env = {"DJWIRE_EXAMPLE_REDIS": redis.url}
        db_path = workdir / "db.sqlite3"
        self.servers = [ExampleServer(db_path, workdir / f"server-{n}.log", env) for n in (1, 2)]

    @property
    def env(self) -> dict[str, str]:
        return self.servers[0].env

    def start(self) -> None:
        # The system checks belong to `manage.py check`; these servers are here to push.
        self.manage("migrate", "--noinput", "--skip-checks")
        try:
            for example in self.servers:
                example.start()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for example in self.servers:
            example.stop()

    def manage(self, *args: str) -> str:
        """Run ``manage.py`` in a process of its own, with the cluster's settings."""
        return self.servers[0].manage(*args)

    def push_alert(self, text: str, *options: str) -> str:
        return self.manage("push_alert", *options, text)

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code)

    def logs(self) -> list[tuple[str, str]]:
        sections = [(f"{s.log_path.name} (tail)", s.log_tail()) for s in self.servers]
        sections.append(("redis.log (tail)", tail(self.redis.log_path)))
        return sections


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    redis = RedisServer(tmp_path_factory.mktemp("redis"))
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture(scope="session")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer
) -> Iterator[ExampleCluster]:
    example = ExampleCluster(redis_server, tmp_path_factory.mktemp("cluster"))
    example.start()
    yield example
    example.stop()


@pytest.fixture(scope="module")
def celery_worker(
    tmp_path_factory: pytest.TempPathFactory, cluster: ExampleCluster
) -> Iterator[CeleryWorker]:
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    worker = CeleryWorker(EXAMPLE, cluster.env, log_path)
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def cluster_tabs(
    browser: Browser, cluster: ExampleCluster, console: ConsoleLog
) -> Iterator[Callable[[int, str], LivePage]]:
    """Open a page on server 0 or 1 of the cluster, as a tab of one browser window."""
    context = browser.new_context()
    context.add_init_script(COUNT_JOINS)

    def open_tab(server: int, path: str) -> LivePage:
        page = context.new_page()
        console.watch(page)
        live = LivePage(page, cluster.servers[server], console)
        live.open(path)
        return live

    yield open_tab
    context.close()
    assert console.unexpected() == [], "a page logged errors"


@pytest.fixture
def windows(browser: Browser, server: ExampleServer, console: ConsoleLog) -> Iterator[Any]:
    """Chat windows of the example in Chromium (tests/e2e/chat_windows.py), closed after."""
    from tests.e2e.chat_windows import Windows

    opened = Windows(browser, server, console)
    yield opened
    opened.close()
    assert console.unexpected() == [], "a page logged errors"
