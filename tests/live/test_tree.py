"""The HTML a tree spells (tree.to_html), for the loops that make up a big page: their rows
are spelled column by column, a value that is not text (an ``{% if %}``, a nested loop) one by
one."""

from djwire.live.tree import Statics, to_html

STATICS = Statics(
    {
        "row": ["<tr><td>", "</td><td>", "</td></tr>"],
        "yes": ["yes"],
        "sum": ["(", ")"],
        "li": ["<li>", "</li>"],
        "static": ["<hr>"],
    }
)


def _loop(fingerprint, rows):
    return {"f": fingerprint, "r": rows}


def test_rows_of_texts_and_of_branches_with_and_without_values():
    rows = [
        ["a", {"f": "yes"}],
        ["b", ""],  # no branch taken
        ["c", {"f": "sum", "0": "3"}],  # a branch with a value of its own
        ["d", {"f": "yes", "s": ["yes"]}],  # its statics sent with it
    ]
    html = to_html(_loop("row", rows), STATICS)
    assert html == (
        "<tr><td>a</td><td>yes</td></tr><tr><td>b</td><td></td></tr>"
        "<tr><td>c</td><td>(3)</td></tr><tr><td>d</td><td>yes</td></tr>"
    )


def test_rows_holding_a_loop():
    rows = [["x", _loop("li", [["1"], ["2"]])], ["y", _loop("li", [])]]
    html = to_html(_loop("row", rows), STATICS)
    assert html == "<tr><td>x</td><td><li>1</li><li>2</li></td></tr><tr><td>y</td><td></td></tr>"


def test_a_loop_and_its_empty_block_of_the_same_statics():
    # {% for %}<hr>{% empty %}<hr>{% endfor %}: the same fingerprint, rows or none.
    rows = [["x", {"f": "static"}], ["y", _loop("static", [[], []])], ["z", {"f": "static"}]]
    html = to_html(_loop("row", rows), STATICS)
    assert html == (
        "<tr><td>x</td><td><hr></td></tr><tr><td>y</td><td><hr><hr></td></tr>"
        "<tr><td>z</td><td><hr></td></tr>"
    )


def test_rows_without_values_and_a_loop_without_rows():
    assert to_html(_loop("static", [[], [], []]), STATICS) == "<hr><hr><hr>"
    assert to_html(_loop("row", []), STATICS) == ""
