"""The liveblog (RxDjango's example) in Chromium: a post and its comments on a model-state
channel, joined by the page's script with djwire.sync.join(). Two readers see a comment added
by the page's action, a reader's edit of their own comment by ``channel.save`` (and another
reader's refused, its error shown and the edit undone), and an edit and a delete made by
``manage.py liveblog`` in a process of its own (the server and the command share a Redis
channel layer and the SQLite file); after a server restart both pages converge to the
database, deletes included."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.e2e.conftest import ConsoleLog, ExampleServer
from tests.e2e.liveblog_page import CONNECTION_NOISE, comment_id, comments
from tests.e2e.servers import RedisServer

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def blog(
    tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer
) -> Iterator[ExampleServer]:
    workdir = tmp_path_factory.mktemp("liveblog")
    env = {"DJWIRE_EXAMPLE_REDIS": redis_server.url}
    server = ExampleServer(workdir / "db.sqlite3", workdir / "server.log", env)
    server.manage("migrate", "--noinput", "--skip-checks")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def reader(
    browser: Browser, blog: ExampleServer, console: ConsoleLog
) -> Iterator[Callable[[], Page]]:
    """``reader()`` opens the first post in a browser of its own, once its state is live."""
    contexts = []

    def open_reader() -> Page:
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        console.watch(page)
        page.goto(blog.url("/blog/1/"))
        expect(page.locator("#liveblog")).to_have_attribute("data-status", "live")
        return page

    yield open_reader
    for context in contexts:
        context.close()
    assert console.unexpected() == [], "a page logged errors"


def test_two_readers_see_the_action_and_the_command_edits(reader, blog):
    alice, bob = reader(), reader()
    assert comments(alice) == comments(bob) == ["Comments appear here live."]

    alice.fill("#comment-form [name=author]", "alice")
    alice.fill("#comment-form [name=text]", "First!")
    alice.click("#comment-form button")
    for page in (alice, bob):
        expect(page.locator("#comments li", has_text="First!")).to_contain_text("alice")
    expect(alice.locator("#comment-form [name=text]")).to_have_value("")

    blog.manage("liveblog", "edit-post", "1", "Edited from a shell", "--body", "New body")
    blog.manage("liveblog", "edit-comment", str(comment_id(bob, "First!")), "First, edited")
    blog.manage("liveblog", "delete-comment", str(comment_id(bob, "Comments appear")))
    for page in (alice, bob):
        expect(page.locator("#post-title")).to_have_text("Edited from a shell")
        expect(page.locator("#post-body")).to_have_text("New body")
        expect(page.locator("#comments li .text")).to_have_text(["First, edited"])


def test_a_refused_action_is_shown_and_the_page_stays_live(reader):
    page = reader()
    before = comments(page)
    page.evaluate("document.querySelector('#comment-form [name=text]').required = false")
    page.fill("#comment-form [name=text]", "   ")
    page.click("#comment-form button")
    expect(page.locator("#comment-error")).to_contain_text("(refused): a comment needs some text")
    expect(page.locator("#liveblog")).to_have_attribute("data-status", "live")
    assert comments(page) == before


def test_readers_converge_after_a_server_restart(reader, blog, console):
    console.allow(CONNECTION_NOISE)
    alice, bob = reader(), reader()
    alice.fill("#comment-form [name=text]", "Before the restart")
    alice.click("#comment-form button")
    expect(bob.locator("#comments li", has_text="Before the restart")).to_have_count(1)
    gone = comment_id(bob, "Before the restart")

    blog.stop()
    for page in (alice, bob):
        expect(page.locator("#liveblog")).to_have_attribute("data-status", "offline")
    # Changed while no server listens: the pages must learn it when they re-join.
    blog.manage("liveblog", "edit-post", "1", "Changed while down")
    blog.manage("liveblog", "delete-comment", str(gone))
    blog.start()

    for page in (alice, bob):
        expect(page.locator("#liveblog")).to_have_attribute("data-status", "live", timeout=20_000)
        expect(page.locator("#post-title")).to_have_text("Changed while down")
        expect(page.locator(f"#comment-{gone}")).to_have_count(0)
    bob.fill("#comment-form [name=text]", "After the restart")
    bob.click("#comment-form button")
    expect(alice.locator("#comments li", has_text="After the restart")).to_have_count(1)


def test_a_reader_edits_their_own_comment_and_a_refused_edit_is_undone(reader):
    alice, bob = reader(), reader()
    alice.fill("#comment-form [name=text]", "Tpyo here")
    alice.click("#comment-form button")
    expect(bob.locator("#comments li", has_text="Tpyo here")).to_have_count(1)
    edited = f"#comment-{comment_id(alice, 'Tpyo here')}"

    # channel.save() of the comment alice wrote: can_save allows it, bob sees it.
    alice.click(f"{edited} .edit")
    alice.fill("#edit-form [name=text]", "Typo fixed")
    alice.click("#edit-form button")
    for page in (alice, bob):
        expect(page.locator(f"{edited} .text")).to_have_text("Typo fixed")

    # Bob's edit of alice's comment shows at once, is refused (forbidden) and undone.
    bob.click(f"{edited} .edit")
    bob.fill("#edit-form [name=text]", "Vandalized")
    bob.click("#edit-form button")
    expect(bob.locator("#comment-error")).to_contain_text("Not saved (forbidden)")
    for page in (alice, bob):
        expect(page.locator(f"{edited} .text")).to_have_text("Typo fixed")
    expect(bob.locator("#liveblog")).to_have_attribute("data-status", "live")
