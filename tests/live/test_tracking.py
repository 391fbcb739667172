"""Change tracking: assignment and in-place mutation are seen; rollback is exact."""

import copy

import pytest

from djwire.live.containers import Tracked, track
from djwire.live.tracking import ChangeTracker


@pytest.fixture
def tracker():
    return ChangeTracker()


def test_nested_mutation_marks_the_root_and_the_row(tracker):
    items = track([{"id": 1, "tags": []}, {"id": 2, "tags": []}], tracker, None, "items")
    tracker.reset()
    items[1]["tags"].append("x")
    assert tracker.changed == {"items"}
    assert id(items[1]) in tracker.dirty and id(items) in tracker.dirty
    assert id(items[0]) not in tracker.dirty
    assert id(items) not in tracker.snapshots  # the list itself did not change


@pytest.mark.parametrize(
    "mutate",
    [
        lambda v: v["rows"].append({"a": 1}),
        lambda v: v["rows"].insert(0, 5),
        lambda v: v["rows"].pop(),
        lambda v: v["rows"].sort(key=str),
        lambda v: v["rows"].reverse(),
        lambda v: v["rows"].extend([1, 2]),
        lambda v: v["rows"].__setitem__(slice(0, 1), [9, 9]),
        lambda v: v["rows"].__delitem__(0),
        lambda v: v["rows"].clear(),
        lambda v: v["rows"][0].update(b=2),
        lambda v: v["rows"][0].pop("a"),
        lambda v: v["rows"][0].setdefault("z", []).append(1),
        lambda v: v["tags"].add("q"),
        lambda v: v["tags"].discard("t"),
        lambda v: v["tags"].__ior__({"n"}),
    ],
)
def test_every_mutation_is_seen_and_rolled_back(tracker, mutate):
    state = {
        "rows": track([{"a": 0}, {"a": 1}], tracker, None, "rows"),
        "tags": track({"t"}, tracker, None, "tags"),
    }
    before = copy.deepcopy(state)
    tracker.reset()
    mutate(state)
    assert tracker.changed
    tracker.rollback(object())
    assert state == before
    assert not tracker.changed and not tracker.dirty


def test_values_put_in_are_tracked_too(tracker):
    rows = track([], tracker, None, "rows")
    rows.append({"tags": [1]})
    tracker.reset()
    rows[0]["tags"].append(2)
    assert tracker.changed == {"rows"}


def test_objects_it_cannot_see_into_make_the_container_opaque(tracker):
    class Thing:
        pass

    rows = track([{"a": 1}], tracker, None, "rows")
    assert not rows._dj_opaque
    rows[0]["thing"] = Thing()
    assert tracker.changed == {"rows"}  # the event's changes are read: the row is compared
    assert rows[0]._dj_opaque and rows._dj_opaque


def test_tracked_containers_copy_to_plain_types(tracker):
    rows = track([{"a": {1, 2}}], tracker, None, "rows")
    assert type(copy.copy(rows)) is list and type(copy.deepcopy(rows)[0]) is dict
    assert isinstance(rows, Tracked) and rows == [{"a": {1, 2}}]
