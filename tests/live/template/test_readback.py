"""The tree read back from the HTTP page is the server's (issue 13, the first response).

The page embeds the tree's shape and a short stream, not its values (template/embed.py); the
client reads the values back. djwire.live.readback reads them from the page's text, as exactly
as the browser does from its DOM (tests/e2e/test_browser_readback.py runs these templates in
Chromium).
"""

import orjson
from django.template import Context, Template
from django.utils.safestring import mark_safe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from djwire.live.readback import read_tree
from djwire.live.template.compile import compile_nodes
from djwire.live.template.embed import region_html
from djwire.live.template.readable import mark_readable
from djwire.live.template.render import Renderer
from tests.live.template.test_property import loop, row_body, text

# Values a page may show: text Django escapes, markup marked safe, whitespace the parser keeps
# or changes (a newline first in a <pre>, a carriage return).
NASTY = [
    "",
    "x",
    "<i>",
    "&",
    "a'b",
    '"q"',
    "&amp;",
    "\nlead",
    "x\r\ny",
    "é ü",
    "  ",
    "a > b",
    7,
    mark_safe("<b>s</b>"),
    mark_safe("&nbsp;x"),
    mark_safe("a&b"),
]

# Places a value may stand in: text alone or with others, attributes, raw text, comments,
# tables the parser rearranges, elements the parser closes by itself.
PLACES = [
    '<b title="{{ a }}">t</b>',
    "<i class='x {{ b }} y'>[{{ c }}]</i>",
    "<span>{{ a }}{{ b }}</span>",
    "<span>{{ a }} and {{ b }}</span>",
    '<script type="text/plain">var x = "{{ a }}";</script>',
    "<textarea>{{ b }}</textarea>",
    "<pre>{{ a }}</pre>",
    "<!-- {{ c }} -->",
    "<em>{{ a|safe }}</em>",
    "<table>{{ a }}<tr><td>{{ b }}</td></tr></table>",
    "<p>{{ a }}<div>{{ b }}</div></p>",
    "<u>&nbsp;{{ a }}&copy</u>",
    "<select><option selected>{{ a }}</option></select>",
    '<input value="{{ a }}" data-x={{ b }}>',
    '<a href="/x?a=1&b={{ c }}">{{ c|upper }}</a>',
    "<li>{{ a }}<br>{{ b }}</li>",
    "{% if a %}<s>{{ b }}</s>{% endif %}",
    '<b {% if c %}data-on="{{ c }}"{% endif %}>!</b>',
]

scalar = st.sampled_from(NASTY)


def fragment(depth):
    leaf = st.one_of(text, st.sampled_from(PLACES), st.sampled_from(["{{ a }}", "{{ b }}"]))
    if depth <= 0:
        return leaf
    sub = st.lists(fragment(depth - 1), max_size=3).map("".join)
    return st.one_of(
        leaf,
        loop(depth - 1),
        st.tuples(sub, sub).map(
            lambda t: "{% if a %}" + t[0] + "{% else %}" + t[1] + "{% endif %}"
        ),
    )


templates = st.lists(st.one_of(fragment(2), loop(1), row_body(1)), max_size=5).map("".join)
rows = st.lists(st.tuples(st.integers(0, 9), scalar), max_size=6, unique_by=lambda r: r[0]).map(
    lambda pairs: [{"id": i, "v": v} for i, v in pairs]
)
states = st.fixed_dictionaries({"a": scalar, "b": scalar, "c": scalar, "rows": rows})


def render_page(source, state):
    """The server's tree of the HTTP render of ``source``, and the live region it writes."""
    template = Template(source)
    block = compile_nodes(list(template.nodelist))
    mark_readable(block)
    context = Context(state)
    with context.bind_template(template):  # a missing name renders as Django's "invalid"
        _state, tree = Renderer().render_block(block, context)
    return tree, region_html(block, tree)


def read_back(region):
    """What the client reads: the tree from the region's script and the HTML after it."""
    end = region.index("</script>") + len("</script>")
    start = region.index(">") + 1
    page = orjson.loads(region[start : end - len("</script>")])
    return read_tree(page, region, end)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates, states)
def test_the_tree_read_back_from_the_page_is_the_servers(source, state):
    tree, region = render_page(source, state)
    assert read_back(region) == tree
    html = region[region.index("</script>") + len("</script>") :]
    template = Template(source)
    context = Context(state)
    with context.bind_template(template):
        assert html == template.nodelist.render(context)  # the page Django would write


TABLE = (
    "<table><tbody>{% for row in rows %}"
    '<tr dj-key="{{ row.id }}"><td>{{ row.id }}</td><td>{{ row.name }}</td>'
    "<td>{{ row.price }}</td><td>{% if row.done %}yes{% else %}no{% endif %}</td></tr>"
    "{% endfor %}</tbody></table>"
)


def _table_rows(count):
    return [
        {"id": i, "name": f"Product {i}", "price": f"{i}.99", "done": i % 3 == 0}
        for i in range(count)
    ]


def test_a_tables_values_are_not_sent_twice():
    tree, region = render_page(TABLE, {"rows": _table_rows(1000)})
    html = region[region.index("</script>") + len("</script>") :]
    script = region[: len(region) - len(html)]
    # The stream holds a row count and a branch per row; the blocks are the template's.
    assert len(script) < 900 + 2 * 1000
    assert "Product 5" not in script
    assert read_back(region) == tree


def test_values_the_dom_changes_are_sent_in_the_page():
    rows = _table_rows(3)
    rows[1]["name"] = mark_safe("<b>new</b>")  # markup: the DOM holds elements, not its text
    rows[2]["name"] = mark_safe("caf&eacute;")  # an entity Django never writes
    tree, region = render_page(TABLE, {"rows": rows})
    script = region[: region.index("</script>")]
    assert "caf&eacute;" in script and "\\u003cb>new" in script
    assert "Product 0" not in script
    assert read_back(region) == tree
