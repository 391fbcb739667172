"""Render once, fan out: which parts a state push may share, and their texts."""

from django.template import Template

from djwire.live.fanout import patch_values, render_parts, shareable_parts, volatile_names
from djwire.live.template.compile import compile_nodes


def block_of(source: str):
    template = Template(source)
    return template, compile_nodes(template.nodelist)


def test_a_push_of_the_names_a_top_level_expression_reads_is_shared():
    _, block = block_of("<h1>{{ title }}</h1><p>{{ count }}</p>")
    assert shareable_parts(block, {"title", "count"}, set(), frozenset({"title"})) == [0]
    assert shareable_parts(block, {"title", "count"}, set(), frozenset({"title", "count"})) == [
        0,
        1,
    ]


def test_a_loop_or_a_volatile_name_over_the_pushed_names_needs_the_view_alone():
    _, loop = block_of("{% for i in items %}{{ i }}{% endfor %}")
    assert shareable_parts(loop, {"items"}, set(), frozenset({"items"})) is None
    _, mixed = block_of("{{ title }} {{ user.name }}")
    assert shareable_parts(mixed, {"title", "user"}, {"user"}, frozenset({"title"})) is None


def test_volatile_names_are_the_mutable_values_that_are_not_the_views_own():
    previous = {"title": "a", "rows": [1], "request": object(), "mine": [2]}
    assert volatile_names(previous, own={"mine"}, unseen=set()) == {"rows"}
    assert volatile_names(previous, own={"mine", "rows"}, unseen={"x"}) == {"x"}


def test_shared_texts_are_rendered_once_and_patched_where_they_differ():
    template, block = block_of("<h1>{{ title }}</h1>")
    (text,) = render_parts(block, template, {"title": "<b>"}, [0])
    assert text == "&lt;b&gt;"  # autoescaped as the view's own render would be
    values = ["old"]
    assert patch_values(values, [0], [text]) == {"0": text}
    assert values == [text]
    assert patch_values(values, [0], [text]) == {}  # the same text: nothing to send
