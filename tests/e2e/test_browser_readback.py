"""In Chromium, the client reads the HTTP render's tree back from the page (issue 13): for many
templates, the tree it holds is the server's, and the join then resends nothing."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect
from tests.live.template.test_readback import TABLE, _table_rows, render_page, states, templates

pytestmark = pytest.mark.e2e

BUNDLE = Path(__file__).resolve().parents[2] / "src/djwire/static/djwire/djwire.js"

# No server here: the views read their trees when the bundle starts, and their sockets never
# open.
NO_SOCKET = """
window.WebSocket = class { constructor() {} send() {} close() {} };
window.WebSocket.OPEN = 1;
"""


@pytest.fixture(scope="module")
def reader_page(browser):
    context = browser.new_context()
    context.add_init_script(NO_SOCKET)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, errors
    context.close()


def trees_in_browser(reader_page, regions):
    """The tree the client holds for each of ``regions`` (the live region of a root), each in
    a page of its own: markup a value leaves open changes how the parser reads what follows
    it, another root too (that root's client then finds its page other than spelled)."""
    page, errors = reader_page
    trees = []
    for region in regions:
        errors.clear()
        page.set_content(f"<!doctype html><html><body><div dj-root>{region}</div></body></html>")
        page.add_script_tag(content=BUNDLE.read_text())
        trees.append(json.loads(page.evaluate("JSON.stringify(window.djwire.views[0].tree)")))
        assert errors == []
    return trees


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(templates, states), min_size=10, max_size=10))
def test_the_client_reads_back_the_servers_tree(reader_page, pages):
    rendered = [render_page(source, state) for source, state in pages]
    trees = trees_in_browser(reader_page, [region for _tree, region in rendered])
    for (source, state), (tree, _region), read in zip(pages, rendered, trees, strict=True):
        # None: the client found the page other than spelled and asks the join for the tree.
        # Never for these templates: what the server lets the client read, it can.
        assert read == tree, (source, state)


def test_a_table_of_1000_rows_is_read_back(reader_page):
    rows = _table_rows(1000)
    rows[7]["name"] = 'Tom & Jerry\'s "best" <deal>'
    tree, region = render_page(TABLE, {"rows": rows})
    assert trees_in_browser(reader_page, [region]) == [tree]


def test_a_page_changed_before_the_client_started_is_not_misread(reader_page):
    _tree, region = render_page(TABLE, {"rows": _table_rows(3)})
    changed = region.replace("<td>Product 1</td>", "<td>Product 1<b>!</b></td>")
    assert trees_in_browser(reader_page, [changed]) == [None]


def test_the_join_resends_nothing_the_page_shows(live):
    received = []
    live.page.on(
        "websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(frame))
    )
    response = live.page.request.get(live.server.url("/table/"))
    html = response.text()
    script = re.search(r"<script type=\"application/json\" dj-tree>.*?</script>", html, re.S)
    # The page does not carry its values twice: the tree's shape is a few percent of it.
    assert script is not None and len(script.group(0)) < 0.05 * len(html)
    live.open("/table/")
    replies = [json.loads(frame) for frame in received]
    joins = [payload for _ref, topic, event, payload in replies if event == "ok" and "v" in payload]
    assert joins and all("t" not in payload for payload in joins)


def test_reading_the_page_back_loads_nothing(reader_page):
    page, _errors = reader_page
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    source = '{% for row in rows %}<img src="http://127.0.0.1:9/{{ row.id }}.png">{% endfor %}'
    tree, region = render_page(source, {"rows": _table_rows(3)})
    assert trees_in_browser(reader_page, [region]) == [tree]
    # The images of the page, not those of the skeleton the client parses (its sentinels).
    assert sorted(set(requested)) == [f"http://127.0.0.1:9/{i}.png" for i in range(3)]


# A script of the page that adds an element before djwire's client starts. (A value it
# changed would be read as the page shows it: the DOM is where values are read from.)
CHANGE_A_CELL = """
new MutationObserver((records, observer) => {
  const cell = document.querySelector('tbody tr[data-id="7"] td.name');
  if (cell) { cell.append(document.createElement("b")); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });
"""


def test_a_page_the_client_cannot_read_back_still_works(live):
    """The join brings the whole tree then, and the page is what the server rendered."""
    received = []

    def record(frame):
        received.append(frame)

    live.page.on("websocket", lambda ws: ws.on("framereceived", record))
    live.page.add_init_script(CHANGE_A_CELL)
    live.open("/table/")
    joins = [payload for _r, _t, event, payload in map(json.loads, received) if "v" in payload]
    assert joins and "t" in joins[0]
    row = live.page.locator('tbody tr[data-id="7"]')
    expect(row.locator("td.name b")).to_have_count(0)  # the page is the server's again
    expect(row.locator("td.name")).to_have_text("Product 7")
    row.get_by_role("button", name="edit").click()
    expect(row.get_by_label("Price of Product 7")).to_be_visible()
