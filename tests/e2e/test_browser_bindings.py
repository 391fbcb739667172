"""The bindings playground: every dj-* binding in a real browser, as a user relies on it."""

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

LOADING = re.compile(r"\bdj-loading\b")


class SentEvents:
    """The `event` frames a page sends over its WebSocket, in order, as (handler, params)."""

    def __init__(self, page):
        self.frames = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda frame: self.frames.append(frame)))

    def __call__(self, name=None):
        found = []
        for frame in self.frames:
            try:
                _ref, _topic, event, payload = json.loads(frame)
            except (TypeError, ValueError):
                continue
            if event == "event" and (name is None or payload["e"] == name):
                found.append((payload["e"], payload["p"]))
        return found


@pytest.fixture
def sent(live):
    return SentEvents(live.page)


@pytest.fixture
def playground(live, sent):
    live.open("/playground/")
    return live


def test_index_links_to_the_playground(live):
    live.page.goto(live.server.url("/"))
    live.page.get_by_role("link", name="Bindings playground").click()
    live.page.wait_for_function("window.__djwireJoins >= 1")
    expect(live.page.get_by_role("heading", level=1)).to_have_text("Bindings playground")


def test_keydown_with_dj_key_sends_only_that_key(playground, sent):
    page = playground.page
    field = page.get_by_label("dj-keydown, Enter only")
    entered = page.locator("#entered li")

    field.press_sequentially("hello", delay=20)
    field.press("Enter")
    expect(entered).to_have_text(["Enter: hello"])
    # Other keys, printable or not, send nothing: the next Enter is the next event sent.
    field.press_sequentially(" world", delay=20)
    for key in ("Backspace", "ArrowLeft", "Escape", "Shift", "Control+a"):
        field.press(key)
    field.press("Enter")
    expect(entered).to_have_text(["Enter: hello", "Enter: hello worl"])
    playground.settle()
    expect(field).to_have_value("hello worl")
    assert sent() == [
        ("enter", {"key": "Enter", "value": "hello"}),
        ("enter", {"key": "Enter", "value": "hello worl"}),
    ]


def test_keyup_without_dj_key_sends_every_key(playground, sent):
    page = playground.page
    field = page.get_by_label("dj-keyup, every key")

    field.press_sequentially("ab", delay=20)
    expect(page.locator("#keyups")).to_have_text("2")
    expect(page.locator("#last-keyup")).to_have_text("b → ab")
    expect(field).to_have_value("ab")
    playground.settle()
    assert sent() == [
        ("key_up", {"key": "a", "value": "a"}),
        ("key_up", {"key": "b", "value": "ab"}),
    ]


def test_focus_and_blur_call_their_handlers_in_order(playground, sent):
    page = playground.page
    events = page.locator("#focus-events li")

    page.get_by_label("Name", exact=True).click()
    expect(events).to_have_text(["focused: name"])
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email", exact=True)).to_be_focused()
    expect(events).to_have_text(["focused: name", "blurred: name", "focused: email"])
    page.locator("h1").click()  # not focusable: the field loses focus
    expect(events).to_have_text(
        ["focused: name", "blurred: name", "focused: email", "blurred: email"]
    )
    playground.settle()
    assert sent() == [
        ("focused", {"field": "name"}),
        ("blurred", {"field": "name"}),
        ("focused", {"field": "email"}),
        ("blurred", {"field": "email"}),
    ]


def test_change_on_a_select_and_a_checkbox(playground, sent):
    page = playground.page
    select = page.get_by_label("Color")
    checkbox = page.get_by_label("Subscribe")
    subscribed = page.locator("#subscribed")

    select.select_option("blue")
    expect(page.locator("#color-shown")).to_have_text("blue")
    expect(select).to_have_value("blue")

    checkbox.check()
    expect(subscribed).to_have_text("subscribed")
    expect(checkbox).to_be_checked()
    checkbox.uncheck()
    expect(subscribed).to_have_text("not subscribed")
    expect(checkbox).not_to_be_checked()
    playground.settle()

    # A checked box sends its value, under "value" and its name; an unchecked one "" and no name.
    assert sent() == [
        ("pick_color", {"value": "blue", "color": "blue"}),
        ("subscribe", {"value": "yes", "subscribe": "yes"}),
        ("subscribe", {"value": ""}),
    ]


def test_change_on_a_form_sends_every_named_field(playground, sent):
    page = playground.page
    form = page.locator("#prefs")
    shown = page.locator("#form-json")

    def expect_shown(title, size, tags):
        expect(shown).to_have_text(json.dumps({"size": size, "tags": tags, "title": title}))
        playground.settle()

    title = form.get_by_label("Title")
    title.fill("Hi")
    title.press("Tab")  # a text field's change fires when it loses focus
    expect_shown("Hi", "M", [])
    form.get_by_label("Size").select_option("L")
    expect_shown("Hi", "L", [])
    form.get_by_label("news").check()
    expect_shown("Hi", "L", ["news"])
    form.get_by_label("offers").check()
    expect_shown("Hi", "L", ["news", "offers"])
    expect(form.get_by_label("news")).to_be_checked()
    expect(title).to_have_value("Hi")

    # A name that repeats gives a list; an unchecked box is not sent, as in a submitted form.
    assert sent() == [
        ("form_changed", {"title": "Hi", "size": "M"}),
        ("form_changed", {"title": "Hi", "size": "L"}),
        ("form_changed", {"title": "Hi", "size": "L", "tags": "news"}),
        ("form_changed", {"title": "Hi", "size": "L", "tags": ["news", "offers"]}),
    ]


def test_dj_values_are_converted_by_the_handler_annotations(playground, sent):
    page = playground.page
    typed = page.locator("#typed")

    page.get_by_role("button", name="Buy 3 at 0.10, as a gift").click()
    # Decimal, not float: 3 * 0.10 is exactly 0.30.
    expect(typed).to_have_text("qty=3 (int), gift=True (bool), price=0.10 (Decimal), total=0.30")
    page.get_by_role("button", name="Buy 1 at 19.99").click()
    expect(typed).to_have_text("qty=1 (int), gift=False (bool), price=19.99 (Decimal), total=19.99")
    playground.settle()
    assert sent() == [
        ("buy", {"qty": "3", "gift": "true", "price": "0.10"}),
        ("buy", {"qty": "1", "gift": "no", "price": "19.99"}),
    ]


def test_ignored_region_keeps_what_the_browser_changed(playground):
    page = playground.page
    ignored = page.locator("#ignored")
    plain = page.locator("#not-ignored")

    ignored.get_by_label("Notes").fill("typed by the user")
    page.evaluate(
        """() => document.querySelectorAll("#ignore .note")
            .forEach((note) => { note.textContent = "written by page JS"; })"""
    )
    page.get_by_role("button", name=re.compile("^Re-render")).click()
    expect(page.locator("#ticks")).to_have_text("1")
    playground.settle()

    # Around the region the server's render wins; inside, the browser's content stays.
    expect(plain.locator(".tick")).to_have_text("1")
    expect(plain.locator(".note")).to_have_text("")
    expect(ignored.locator(".tick")).to_have_text("0")
    expect(ignored.locator(".note")).to_have_text("written by page JS")
    expect(ignored.get_by_label("Notes")).to_have_value("typed by the user")


def test_hook_lifecycle_and_push_event(playground, sent):
    page = playground.page
    log = page.locator("#hook-log li")
    pings = page.locator("#hook-pings")
    toggle = page.get_by_role("button", name="Show or hide")

    # Registered before the client started: mounted with the first render.
    expect(log).to_have_text(["mounted first"])

    # A render that leaves the hooked element as it is does not call `updated`.
    page.get_by_role("button", name=re.compile("^Re-render")).click()
    expect(page.locator("#ticks")).to_have_text("1")
    playground.settle()
    expect(log).to_have_text(["mounted first"])

    page.get_by_role("button", name="Relabel").click()
    expect(log).to_have_text(["mounted first", "updated second"])

    # this.pushEvent reaches the server.
    page.get_by_role("button", name="Ping from the hook").click()
    expect(pings).to_have_text("2")
    playground.settle()
    assert sent("hook_ping") == [("hook_ping", {"n": 2})]

    toggle.click()
    expect(page.locator("#flash")).to_have_count(0)
    expect(log).to_have_text(["mounted first", "updated second", "destroyed second"])
    toggle.click()
    expect(log).to_have_text(
        ["mounted first", "updated second", "destroyed second", "mounted second"]
    )
    page.get_by_role("button", name="Ping from the hook").click()
    expect(pings).to_have_text("4")

    # Registered after the client started: mounted when its element appears.
    page.get_by_role("button", name="Show the late hook").click()
    expect(page.locator("#late-hook")).to_be_visible()
    expect(log.last).to_have_text("mounted late")
    playground.settle()
    expect(log).to_have_text(
        ["mounted first", "updated second", "destroyed second", "mounted second", "mounted late"]
    )


def test_errors_reach_the_page_and_the_socket_stays_usable(playground):
    page = playground.page
    count = page.get_by_role("button", name=re.compile("^Count"))
    clicks = page.locator("#clicks")
    code = page.locator("#error-code")
    reason = page.locator("#error-reason")
    errors = page.locator("#error-count")

    count.click()
    expect(clicks).to_have_text("1")

    page.get_by_role("button", name="Raise").click()
    expect(errors).to_have_text("1")
    expect(code).to_have_text("handler_error")
    expect(reason).to_have_text(
        re.compile(r"^PlaygroundView\.explode raised PlaygroundError: the playground raises")
    )
    playground.settle()
    expect(clicks).to_have_text("1")  # the handler's change was rolled back
    count.click()
    expect(clicks).to_have_text("2")

    page.get_by_role("button", name="Call a plain method").click()
    expect(errors).to_have_text("2")
    expect(code).to_have_text("unknown_handler")
    expect(reason).to_have_text(
        re.compile(r"^PlaygroundView\.not_a_handler is not marked @event_handler")
    )
    playground.settle()
    count.click()
    expect(clicks).to_have_text("3")
    playground.settle()


def test_loading_class_while_a_slow_handler_runs(playground):
    page = playground.page
    button = page.get_by_role("button", name="Slow (0.5 s)")

    button.click()
    expect(button).to_have_class(LOADING)
    expect(playground.root).to_have_class(LOADING)
    # The demo shows it: a bar along the root's top edge while the reply is slow.
    bar = "el => getComputedStyle(el, '::before').getPropertyValue('content')"
    assert playground.root.evaluate(bar) == '""'

    expect(page.locator("#slow-runs")).to_have_text("1")
    expect(button).not_to_have_class(LOADING)
    expect(playground.root).not_to_have_class(LOADING)
    expect(page.locator(".dj-loading")).to_have_count(0)


def test_keyed_rows_keep_their_dom_nodes_when_moved(playground):
    page = playground.page
    rows = page.locator("#letters li")
    names = ["alpha", "bravo", "charlie", "delta"]
    expect(rows).to_have_text(names)
    page.evaluate(
        """() => document.querySelectorAll("#letters li")
            .forEach((row) => { row.marked = row.textContent; })"""
    )

    reverse = page.get_by_role("button", name="Reverse")
    for order in (names[::-1], names):
        reverse.click()
        expect(rows).to_have_text(order)
        playground.settle()
        marked = page.evaluate(
            """() => [...document.querySelectorAll("#letters li")].map((row) => row.marked)"""
        )
        assert marked == order, "a moved row was re-created instead of moved"
