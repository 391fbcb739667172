"""The liveblog's React app (example/frontend: Vite, the generated BlogPostChannel and
@djwire/react's useChannelState) in Chromium, served by Django at /blog-react/1/ so the channel
joins with the session cookie. The post and its comments are shown; a save and a delete made by
``manage.py liveblog`` in a process of its own reach the page (the server and the command share
a Redis channel layer and the SQLite file); the typed action's result and its refusal are shown,
as is the runtime-state counter; after a restart of the server on the same port the page
re-joins and converges with what changed while it was down."""

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from django.test import RequestFactory
from playwright.sync_api import Browser, Page, expect
from tests.e2e.conftest import ROOT, ConsoleLog, ExampleServer
from tests.e2e.liveblog_page import CONNECTION_NOISE, comment_id, comments
from tests.e2e.servers import RedisServer

from liveblog import react_app

pytestmark = pytest.mark.e2e

CLIENT_TS = ROOT / "client-ts"


@pytest.fixture(scope="module")
def built_app() -> None:
    """The app as the sources are now (dist/ is not committed): Vite builds it in ~2 s."""
    if not (CLIENT_TS / "node_modules").is_dir() or shutil.which("npm") is None:
        pytest.fail("the React app needs client-ts's packages: (cd client-ts && npm ci)")
    subprocess.run(
        ["npm", "run", "--silent", "build:example"], cwd=CLIENT_TS, check=True, timeout=300
    )


@pytest.fixture(scope="module")
def blog(
    tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer, built_app: None
) -> Iterator[ExampleServer]:
    workdir = tmp_path_factory.mktemp("liveblog-react")
    server = ExampleServer(
        workdir / "db.sqlite3", workdir / "server.log", {"DJWIRE_EXAMPLE_REDIS": redis_server.url}
    )
    server.manage("migrate", "--noinput", "--skip-checks")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser: Browser, blog: ExampleServer, console: ConsoleLog) -> Iterator[Page]:
    """The first post's React page, once its state is live."""
    context = browser.new_context()
    page = context.new_page()
    console.watch(page)
    page.goto(blog.url("/blog-react/1/"))
    expect(page.locator("#liveblog")).to_have_attribute("data-status", "live")
    yield page
    context.close()
    assert console.unexpected() == [], "the page logged errors"


def add_comment(page: Page, text: str) -> None:
    page.fill("#comment-form [name=text]", text)
    page.click("#comment-form button")


def test_the_post_is_shown_and_follows_saves_and_deletes_of_another_process(page, blog):
    expect(page.locator("#post-title")).to_have_text("Hello, liveblog")
    assert "Comments appear here live." in comments(page)

    blog.manage("liveblog", "edit-post", "1", "Saved from a shell", "--body", "New body")
    expect(page.locator("#post-title")).to_have_text("Saved from a shell")
    expect(page.locator("#post-body")).to_have_text("New body")

    add_comment(page, "To be deleted")
    gone = comment_id(page, "To be deleted")
    blog.manage("liveblog", "delete-comment", str(gone))
    expect(page.locator(f"#comment-{gone}")).to_have_count(0)


def test_the_actions_result_its_refusal_and_the_runtime_counter_are_shown(page):
    expect(page.locator("#comments-added")).to_have_text("0")
    add_comment(page, "From React")
    expect(page.locator("#action-result")).to_have_text(
        f"Comment #{comment_id(page, 'From React')} added"
    )
    expect(page.locator("#comments-added")).to_have_text("1")
    expect(page.locator("#comment-form [name=text]")).to_have_value("")

    before = comments(page)
    add_comment(page, "   ")  # the action refuses an empty comment
    # The action's own words (it raised djwire.sync.ActionError), not a crash report.
    expect(page.locator("#action-error")).to_have_text(
        "Not sent (refused): a comment needs some text"
    )
    expect(page.locator("#liveblog")).to_have_attribute("data-status", "live")
    expect(page.locator("#comments-added")).to_have_text("1")
    assert comments(page) == before


def test_the_page_reconnects_after_a_server_restart_and_converges(page, blog, console):
    console.allow(CONNECTION_NOISE)
    add_comment(page, "Before the restart")
    expect(page.locator("#comments li", has_text="Before the restart")).to_have_count(1)
    gone = comment_id(page, "Before the restart")

    blog.stop()
    expect(page.locator("#liveblog")).to_have_attribute("data-status", "offline")
    # Changed while no server listens: the page must learn it when it re-joins.
    blog.manage("liveblog", "edit-post", "1", "Changed while down")
    blog.manage("liveblog", "delete-comment", str(gone))
    blog.start()

    expect(page.locator("#liveblog")).to_have_attribute("data-status", "live", timeout=20_000)
    expect(page.locator("#post-title")).to_have_text("Changed while down")
    expect(page.locator(f"#comment-{gone}")).to_have_count(0)
    add_comment(page, "After the restart")
    expect(page.locator("#action-result")).to_contain_text("added")
    expect(page.locator("#comments li", has_text="After the restart")).to_have_count(1)


def test_without_a_build_the_page_says_which_command_builds_it(tmp_path, monkeypatch):
    monkeypatch.setattr(react_app, "BUILD_DIR", tmp_path / "dist")
    response = react_app.react_app(RequestFactory().get("/blog-react/1/"), "1/")
    assert response.status_code == 503
    assert "cd client-ts &amp;&amp; npm ci &amp;&amp; npm run build:example" in response.text
    assert "./scripts/demo" in response.text
