"""Chat windows of the example (/chat/<room>/) in Chromium, for the signals tests."""

from __future__ import annotations

import zlib

from django.core import signing
from playwright.sync_api import Browser, BrowserContext, Page
from tests.e2e.conftest import COUNT_JOINS, ConsoleLog, ExampleServer

from djwire import codec


class Windows:
    """Chat windows, each in a browser context of its own (another visitor) unless asked."""

    def __init__(self, browser: Browser, server: ExampleServer, console: ConsoleLog) -> None:
        self.browser, self.server, self.console = browser, server, console
        self.contexts: list[BrowserContext] = []

    def open(self, path: str, same_as: Page | None = None) -> Page:
        context = same_as.context if same_as is not None else self.browser.new_context()
        if same_as is None:
            context.add_init_script(COUNT_JOINS)
            self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and self.console.errors.append(m.text))
        page.on("pageerror", lambda exc: self.console.errors.append(f"uncaught: {exc}"))
        page.goto(self.server.url(path))
        page.wait_for_function("window.__djwireJoins >= 1")  # the window joined its topics
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def send(page: Page, text: str) -> None:
    """Type ``text`` in the chat's message field and send it (the ``chat.send`` signal)."""
    page.get_by_label("Message").fill(text)
    page.get_by_role("button", name="Send").click()


def call(page: Page, name: str, opts: dict[str, object]) -> str:
    """``djwire.signals.call(name, opts)`` in the page: "accepted", or the refusal's code."""
    return str(
        page.evaluate(
            """([name, opts]) => djwire.signals.call(name, opts)
                 .then(() => "accepted", (error) => error.code)""",
            [name, opts],
        )
    )


def window_key(page: Page) -> str:
    """The key of the page's signals window, read (not verified) from its signed token."""
    token = page.locator("script[data-dj-window]").get_attribute("data-dj-window")
    assert token, "the page is not a signals window"
    payload = token.split(":", 1)[0]
    data = signing.b64_decode(payload.removeprefix(".").encode())
    if payload.startswith("."):  # compressed, as signing.dumps(compress=True) writes it
        data = zlib.decompress(data)
    return str(codec.decode(data)["w"])
