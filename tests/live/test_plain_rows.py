"""Rows of plain values are held as plain dicts: every way user code can take a row from a
tracked list and change it is still seen, rolled back exactly, and costs the collector nothing."""

import copy
import gc
import random

import pytest
from django.template import Context, Template

from djwire.live.containers import Tracked, TrackedDict, track
from djwire.live.template.compile import compile_nodes
from djwire.live.template.render import Renderer
from djwire.live.template.state import Changes
from djwire.live.tracking import ChangeTracker
from djwire.testing import LiveViewTestClient
from tests.testapp.views import ItemsView


@pytest.fixture
def tracker():
    return ChangeTracker()


def _rows(tracker, count=3):
    rows = track([{"id": i, "v": i} for i in range(count)], tracker, None, "rows")
    tracker.reset()
    return rows


def _set(row, value=99):
    row["v"] = value


def _moved_back(rows):
    row = rows.pop(0)
    rows.append(row)
    row["v"] = 99  # changed after it was put back: still the state's row


# Each takes a row out of the list the way user code does, and changes it in place.
TAKE_AND_CHANGE = {
    "index": lambda rows: _set(rows[1]),
    "negative index": lambda rows: _set(rows[-2]),
    "iteration": lambda rows: [_set(r) for r in rows if r["id"] == 1],
    "iter and next": lambda rows: _set(next(iter(rows))),
    "reversed": lambda rows: _set(next(reversed(rows))),
    "list()": lambda rows: _set(list(rows)[1]),
    "unpacking": lambda rows: _set([*rows][1]),
    "enumerate": lambda rows: [_set(r) for i, r in enumerate(rows) if i == 1],
    "slice": lambda rows: _set(rows[1:][0]),
    "copy()": lambda rows: _set(rows.copy()[1]),
    "copy.copy": lambda rows: _set(copy.copy(rows)[1]),
    "concatenation": lambda rows: _set((rows + [])[1]),  # noqa: RUF005 (what is tested)
    "repetition": lambda rows: _set((rows * 1)[1]),
    "max with a key": lambda rows: _set(max(rows, key=lambda r: r["v"])),
    "sorted": lambda rows: _set(sorted(rows, key=lambda r: -r["v"])[0]),
    "random.choice": lambda rows: _set(random.Random(1).choice(rows)),
    "sort key": lambda rows: rows.sort(key=lambda r: r.setdefault("seen", True) and r["id"]),
    "pop, then changed": lambda rows: rows.insert(0, _popped_and_set(rows)),
    "put back, then changed": _moved_back,
    "update": lambda rows: rows[1].update(v=99),
    "pop a key": lambda rows: rows[1].pop("v"),
    "del a key": lambda rows: rows[1].__delitem__("v"),
    "clear": lambda rows: rows[1].clear(),
    "|=": lambda rows: rows[1].__ior__({"w": 1}),
    "setdefault": lambda rows: rows[1].setdefault("w", 1),
    "popitem": lambda rows: rows[1].popitem(),
    "a container put in": lambda rows: rows[1].__setitem__("tags", ["x"]),
}


def _popped_and_set(rows):
    row = rows.pop()
    row["v"] = 99
    return row


@pytest.mark.parametrize("change", TAKE_AND_CHANGE.values(), ids=TAKE_AND_CHANGE.keys())
def test_a_row_taken_out_and_changed_is_seen_and_rolled_back(tracker, change):
    rows = _rows(tracker)
    before = copy.deepcopy(list.copy(rows))
    change(rows)
    assert tracker.changed == {"rows"}
    assert id(rows) in tracker.dirty
    tracker.rollback(object())
    assert list.copy(rows) == before
    assert not tracker.changed and not tracker.dirty


def test_a_list_handed_out_again_after_the_changes_were_read_is_compared_again(tracker):
    rows = _rows(tracker)
    list(rows)  # handed out whole
    assert not tracker.changed  # read: nothing changed yet
    for row in rows:  # handed out again (its rows' copies are the first ones)
        row["v"] = 99
    assert tracker.changed == {"rows"}


def test_rows_are_plain_dicts_the_collector_does_not_track(tracker):
    rows = _rows(tracker, 100)
    assert all(type(row) is dict and not gc.is_tracked(row) for row in list.copy(rows))


def test_the_changed_row_is_known_with_its_position(tracker):
    rows = _rows(tracker, 100)
    rows[42]["v"] = -1
    assert tracker.children[id(rows)] == {id(rows[42]): (rows[42], 42)}
    tracker.reset()
    for row in rows:
        if row["id"] == 7:
            row["v"] = -1
    assert [pos for _row, pos in tracker.children[id(rows)].values()] == [7]


def test_a_container_put_in_a_row_is_watched_in_the_next_events(tracker):
    rows = _rows(tracker)
    rows[1]["tags"] = []
    assert tracker.changed == {"rows"}
    tracker.reset()
    assert isinstance(rows[1], TrackedDict) and isinstance(rows[1]["tags"], Tracked)
    rows[1]["tags"].append("x")
    assert tracker.changed == {"rows"}


def test_an_object_put_in_a_row_makes_the_list_opaque(tracker):
    rows = _rows(tracker)
    rows[0]["thing"] = object()
    assert tracker.changed and rows._dj_opaque


DEFAULT_ROWS = [{"id": 1, "v": 1}]


def test_rows_assigned_are_the_states_own_after_the_event(tracker):
    given = [{"id": 1, "v": 1}]
    one = track(given, tracker, None, "one")
    other_tracker = ChangeTracker()
    other = track(given, other_tracker, None, "other")  # another view, given the same list
    tracker.reset()
    other_tracker.reset()
    given[0]["v"] = 2
    one[0]["v"] = 3
    assert list.copy(other) == [{"id": 1, "v": 1}] and list.copy(one) == [{"id": 1, "v": 3}]


def test_a_kept_list_assigned_is_not_changed_through_the_state(tracker):
    rows = track(DEFAULT_ROWS, tracker, None, "rows")  # a module's constant, say
    tracker.reset()
    rows[0]["v"] = 9
    kept = {"id": 2, "v": 2}
    more = track([kept], tracker, None, "more")  # a row kept aside by the view
    tracker.reset()
    more[0]["v"] = 9
    assert DEFAULT_ROWS == [{"id": 1, "v": 1}] and kept == {"id": 2, "v": 2}


def test_rows_only_the_assigned_list_held_are_taken_as_they_are(tracker):
    rows = track([{"id": i} for i in range(3)], tracker, None, "rows")
    taken = list(map(id, list.copy(rows)))
    tracker.reset()
    assert list(map(id, list.copy(rows))) == taken  # not copied: nobody else holds them


def test_rows_handed_out_keep_their_identity_when_put_back(tracker):
    rows = _rows(tracker, 5)
    identities = list(map(id, list.copy(rows)))
    again = track(sorted(rows, key=lambda r: -r["id"]), tracker, None, "rows")
    assert list(map(id, list.copy(again))) == identities[::-1]


def test_a_loop_costs_the_collector_nothing_per_row():
    """The render state of a table holds no object per row that the collector scans."""
    template = Template(
        '{% for row in rows %}<tr dj-key="{{ row.id }}"><td>{{ row.name }}</td>'
        "<td>{% if row.done %}yes{% else %}no{% endif %}</td></tr>{% endfor %}"
    )
    block = compile_nodes(template.nodelist)

    def tracked_objects_held(count):
        tracker = ChangeTracker()
        rows = [{"id": i, "name": f"row {i}", "done": i % 2 == 0} for i in range(count)]
        state = {"rows": track(rows, tracker, None, "rows")}
        del rows
        gc.collect()
        before = len(gc.get_objects())
        held = Renderer().render_block(block, Context(state))[0], state
        gc.collect()
        after = len(gc.get_objects())
        del held
        return after - before

    tracked_objects_held(10)  # the caches warm
    assert tracked_objects_held(2000) - tracked_objects_held(10) < 50


def test_a_row_changed_in_place_renders_that_row_alone(tracker):
    template = Template(
        '{% for row in rows %}<li dj-key="{{ row.id }}">{{ row.v }}</li>{% endfor %}'
    )
    block = compile_nodes(template.nodelist)
    state = {"rows": _rows(tracker, 1000)}
    renderer = Renderer()
    root, _tree = renderer.render_block(block, Context(state))
    for row in state["rows"]:
        if row["id"] == 500:
            row["v"] = "changed"
    changes = Changes.of(tracker, set(tracker.changed), frozenset(state))
    diff = renderer.diff_block(root, Context(state), changes)
    assert diff == {"0": {"o": [["u", 500, {"1": "changed"}]]}}


KEPT_BY_THE_VIEW: list[list[dict[str, object]]] = []


class KeptItemsView(ItemsView):
    """Its mount() keeps the list it assigns (a module's list, say): the rows are copied
    after mount(), before the page renders them."""

    def mount(self, request, start=0, **kwargs):
        rows = [{"id": i, "text": f"item {i}", "done": False} for i in range(start, start + 5)]
        KEPT_BY_THE_VIEW.append(rows)
        self.items = rows


@pytest.mark.parametrize("view", [ItemsView, KeptItemsView])
def test_a_row_changed_after_the_first_render_updates_the_page(view):
    KEPT_BY_THE_VIEW.clear()
    with LiveViewTestClient(view) as client:
        client.mount(start=0)
        client.send_event("toggle", id=3)
        assert '<li dj-key="3" class="done">item 3</li>' in client.html()
        client.send_event("toggle", id=1)
        assert '<li dj-key="1" class="done">item 1</li>' in client.html()
    assert all(not row["done"] for rows in KEPT_BY_THE_VIEW for row in rows)


def test_a_save_does_not_hand_rows_out(tracker):
    """Encoding the state for a save reads every row: it must not keep a copy of each."""
    from djwire.live.serialization import encode_state

    class Holder:
        _dj_tracker = tracker

        def state_values(self):
            return {"rows": self.rows}

    holder = Holder()
    holder.rows = _rows(tracker, 100)
    holder.rows[0]["id"] = __import__("uuid").UUID(int=1)  # a value for the codec's careful path
    tracker.reset()
    assert encode_state(holder)
    assert not tracker.handing_out()
