"""Property: after any sequence of state changes, the tree the client merges spells exactly the
page Django renders from scratch for the same template and state."""

from django.template import Context, Template
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from djwire.live.containers import track
from djwire.live.template.compile import compile_nodes
from djwire.live.template.render import Renderer
from djwire.live.template.state import Changes
from djwire.live.tracking import _MISSING, ChangeTracker
from djwire.live.tree import Statics, merge, to_html

SCALARS = ["a", "b", "c"]

text = st.sampled_from(["<p>", "</p>", "x", " ", "<b>&</b>", "\n"])
scalar = st.sampled_from(SCALARS)


def row_body(depth):
    leaf = st.one_of(
        text,
        st.sampled_from(
            [
                "{{ row.v }}",
                "{{ row.id }}",
                "{{ row.v|add:1 }}",
                "{{ forloop.counter }}",
                "{{ forloop.last }}",
            ]
        ),
        scalar.map(lambda n: "{{ %s }}" % n),
        st.just("{% cycle 'odd' 'even' %}"),
    )
    if depth <= 0:
        return leaf
    return st.one_of(
        leaf,
        st.tuples(st.lists(row_body(depth - 1), max_size=3)).map(
            lambda p: "{% if row.v > 2 %}" + "".join(p[0]) + "{% else %}-{% endif %}"
        ),
    )


def loop(depth):
    keyed = st.booleans()
    body = st.lists(row_body(depth), max_size=4).map("".join)
    return st.tuples(keyed, body, st.booleans()).map(
        lambda t: (
            "{% for row in rows %}<li"
            + (' dj-key="{{ row.id }}"' if t[0] else "")
            + ">"
            + t[1]
            + "</li>"
            + ("{% empty %}none" if t[2] else "")
            + "{% endfor %}"
        )
    )


def fragment(depth):
    leaf = st.one_of(
        text,
        scalar.map(lambda n: "{{ %s }}" % n),
        scalar.map(lambda n: "{{ %s|upper }}" % n),
        st.just("{# a comment #}"),
        st.just("{% comment %}gone{% endcomment %}"),
        st.just("{% with total=a|add:b %}[{{ total }}]{% endwith %}"),
        st.just("{{ rows|length }}"),
    )
    if depth <= 0:
        return leaf
    sub = st.lists(fragment(depth - 1), max_size=3).map("".join)
    return st.one_of(
        leaf,
        loop(depth - 1),
        st.tuples(scalar, sub, sub).map(
            lambda t: "{% if " + t[0] + " %}" + t[1] + "{% else %}" + t[2] + "{% endif %}"
        ),
    )


# Every template holds at least one loop: rows are where the cleverness (and the risk) is.
templates = st.tuples(
    st.lists(fragment(2), max_size=3).map("".join),
    loop(1),
    st.lists(fragment(2), max_size=3).map("".join),
).map("".join)
values = st.one_of(st.integers(-2, 5), st.sampled_from(["", "x", "<i>"]))
rows_strategy = st.lists(st.integers(0, 6), max_size=6, unique=True).map(
    lambda ids: [{"id": i, "v": i % 4} for i in ids]
)

mutations = st.one_of(
    st.tuples(st.just("assign"), scalar, values),
    st.tuples(st.just("set_row"), st.integers(0, 8), st.integers(0, 5)),
    st.tuples(st.just("insert"), st.integers(0, 8), st.integers(10, 40)),
    st.tuples(st.just("delete"), st.integers(0, 8), st.none()),
    st.tuples(st.just("reverse"), st.none(), st.none()),
    st.tuples(st.just("replace"), rows_strategy, st.none()),
    st.tuples(st.just("sort"), st.none(), st.none()),
    st.tuples(st.just("append"), st.none(), st.integers(10, 40)),
    st.tuples(st.just("replace_row"), st.integers(0, 8), st.integers(10, 40)),
    # A handler re-reading its rows: new dicts equal to the old ones but for one value (or
    # one id: then the row is another row, not the same one changed).
    st.tuples(st.just("reload"), st.integers(0, 8), st.integers(0, 5)),
    st.tuples(st.just("reload_id"), st.integers(0, 8), st.integers(10, 40)),
    # Rows taken out of the list other ways than by index, then changed or put back.
    st.tuples(st.just("set_by_iteration"), st.integers(0, 8), st.integers(0, 5)),
    st.tuples(st.just("move"), st.integers(0, 8), st.integers(0, 8)),
    st.tuples(st.just("sorted_back"), st.none(), st.none()),
    st.tuples(st.just("filtered_back"), st.integers(0, 5), st.none()),
    st.tuples(st.just("nest"), st.integers(0, 8), st.integers(0, 5)),
)


def assign(state, tracker, name, value):
    """What a view's assignment does (StatefulView.__setattr__)."""
    old = state.get(name, _MISSING)
    state[name] = track(value, tracker, None, name)
    tracker.assigned(name, old, state[name])


def apply(mutation, state, tracker, used_ids):
    kind, first, second = mutation
    rows = state["rows"]
    if kind == "assign":
        state[first] = second
        tracker.changed.add(first)
    elif kind == "set_row" and rows:
        rows[first % len(rows)]["v"] = second
    elif kind == "insert":
        new_id = second
        while new_id in used_ids:
            new_id += 41
        used_ids.add(new_id)
        rows.insert(first, {"id": new_id, "v": new_id % 4})
    elif kind in ("append", "replace_row"):
        new_id = second
        while new_id in used_ids:
            new_id += 41
        used_ids.add(new_id)
        row = {"id": new_id, "v": new_id % 4}
        if kind == "append":
            rows.append(row)
        elif rows:
            rows[first % len(rows)] = row
    elif kind == "delete" and rows:
        del rows[first % len(rows)]
    elif kind == "reverse":
        rows.reverse()
    elif kind == "sort":
        rows.sort(key=lambda r: (r["v"], r["id"]))
    elif kind == "replace":
        assign(state, tracker, "rows", first)
    elif kind == "set_by_iteration":
        for pos, row in enumerate(rows):
            if pos == first % max(len(rows), 1):
                row["v"] = second
    elif kind == "move" and rows:
        rows.insert(second % len(rows), rows.pop(first % len(rows)))
    elif kind == "sorted_back":
        assign(state, tracker, "rows", sorted(rows, key=lambda r: -r["id"]))
    elif kind == "filtered_back":
        assign(state, tracker, "rows", [r for r in rows if r["v"] != first])
    elif kind == "nest" and rows:
        # A container put in a row (the row is then tracked), then changed in place.
        row = rows[first % len(rows)]
        row.setdefault("tags", []).append(second)
        row["v"] = len(row["tags"]) % 6
    elif kind in ("reload", "reload_id"):
        fresh = [dict(row) for row in rows]
        if fresh:
            field = "v" if kind == "reload" else "id"
            if field == "id":
                while second in used_ids:
                    second += 41
                used_ids.add(second)
            fresh[first % len(fresh)][field] = second
        assign(state, tracker, "rows", fresh)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Found by this test: the list, handed out whole by the render Django does here (the rows'
# copies taken then), handed out again after the changes were read, was not compared again.
@example(
    source="{% for row in rows %}<li>{{ row.v }}</li>{% endfor %}",
    rows=[{"id": 0, "v": 0}],
    steps=[[("assign", "a", 0), ("set_by_iteration", 0, 1)]],
)
# A row changed through the list, then the list re-read and assigned in the same event: the
# new rows are compared with the rows as the page shows them (the list was handed out whole).
@example(
    source="{% for row in rows %}<li>{{ row.v }}</li>{% endfor %}",
    rows=[{"id": 0, "v": 0}, {"id": 1, "v": 1}],
    steps=[[("set_by_iteration", 1, 5), ("reload", 0, 1)]],
)
@given(
    source=templates,
    rows=rows_strategy,
    steps=st.lists(st.lists(mutations, min_size=1, max_size=3), max_size=6),
)
def test_merged_tree_equals_a_fresh_render(source, rows, steps):
    template = Template(source)
    block = compile_nodes(template.nodelist)
    tracker = ChangeTracker()
    state = {"a": 1, "b": "y", "c": 0, "rows": track(rows, tracker, None, "rows")}
    tracker.reset()
    renderer = Renderer()
    root, tree = renderer.render_block(block, Context(state))
    statics = Statics()
    statics.collect(tree)
    assert to_html(tree, statics) == template.render(Context(state))
    used_ids = {r["id"] for r in rows}
    for step in steps:  # the mutations of one event, then one render
        for mutation in step:
            apply(mutation, state, tracker, used_ids)
        changes = Changes.of(tracker, set(tracker.changed), frozenset(state))
        diff = renderer.diff_block(root, Context(state), changes)
        tracker.reset()
        tree = merge(tree, diff, statics)
        assert to_html(tree, statics) == template.render(Context(state)), (step, diff)
