"""Incremental saves: a base record, then deltas of what changed; a resume replays them and
gets exactly the state that was saved (issue 13)."""

import contextlib
import tempfile
from unittest import mock

import orjson
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from djwire import codec
from djwire.live import resume
from djwire.live.grant import JoinGrant
from djwire.live.stateful import run_mount, view_path
from djwire.store import CacheStore, FileStore
from djwire.transport.errors import ProtocolError
from tests.testapp.views import LedgerView

EVENTS = st.one_of(
    st.tuples(
        st.just("edit"),
        st.fixed_dictionaries({"at": st.integers(0, 50), "text": st.text(max_size=8)}),
    ),
    st.tuples(st.just("hit"), st.fixed_dictionaries({"at": st.integers(0, 50)})),
    st.tuples(st.just("insert"), st.fixed_dictionaries({"at": st.integers(0, 50)})),
    st.tuples(st.just("append_and_edit"), st.just({})),
    st.tuples(st.just("delete"), st.fixed_dictionaries({"at": st.integers(0, 50)})),
    st.tuples(
        st.just("move"),
        st.fixed_dictionaries({"source": st.integers(0, 50), "target": st.integers(0, 50)}),
    ),
    st.tuples(st.just("replace"), st.fixed_dictionaries({"at": st.integers(0, 50)})),
    st.tuples(st.just("sort"), st.just({})),
    st.tuples(st.just("reload"), st.just({})),
    st.tuples(st.just("bump"), st.just({})),
    st.tuples(st.just("tag"), st.fixed_dictionaries({"text": st.text(max_size=4)})),
    st.tuples(st.just("date"), st.fixed_dictionaries({"day": st.integers(0, 100)})),
    st.tuples(st.just("note"), st.fixed_dictionaries({"text": st.text(max_size=3)})),
)


def mounted_view(size=6, instance="ledger1"):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    view = LedgerView()
    view.setup(request)
    run_mount(view, request, {"size": size})
    grant = JoinGrant(view_path(LedgerView), {}, "", instance, "/")
    mounted = resume._fresh(view, grant, 1, set())
    mounted.render_tree()
    return mounted


def save(mounted, store):
    """What the saver does: a base or a delta; a refused delta is followed by a base."""
    is_base, record = mounted.records.next(mounted.version)
    if is_base:
        store.save(mounted.grant.instance_id, record)
    elif not store.append(mounted.grant.instance_id, record):
        mounted.records.lost()
        is_base, record = mounted.records.next(mounted.version)
        store.save(mounted.grant.instance_id, record)
    return is_base, record


def resumed(mounted, store):
    with mock.patch.object(resume, "get_store", lambda: store):
        return resume._load_saved(mounted.grant)


def plain(mounted):
    return codec.decode(codec.encode(mounted.view.state_values()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENTS, min_size=1, max_size=25), st.sampled_from(["file", "cache"]))
def test_resume_after_each_event_gives_exactly_the_state_saved(events, kind):
    store = (
        FileStore(tempfile.mkdtemp(), ttl=3600) if kind == "file" else CacheStore("default", 3600)
    )
    mounted = mounted_view(instance=f"ledger{kind}")
    save(mounted, store)
    for name, params in events:
        # "hit" on a row with no hits yet raises: rolled back, and saved as it was.
        with contextlib.suppress(ProtocolError):
            mounted.handle_event(name, params)
        save(mounted, store)
        saved = resumed(mounted, store)
        assert saved is not None
        assert saved["state"] == plain(mounted), (name, params)
        assert saved["v"] == mounted.version


def test_one_changed_row_is_saved_as_that_row_not_the_state(tmp_path):
    store = FileStore(str(tmp_path), ttl=3600)
    mounted = mounted_view(size=2000)
    is_base, base = save(mounted, store)
    assert is_base
    mounted.handle_event("edit", {"at": 1234, "text": "changed"})
    is_base, delta = save(mounted, store)
    assert not is_base and len(delta) < 120 and len(base) > 40_000
    assert orjson.loads(delta)["d"] == [
        ["s", "rows", 1234, {"id": 1234, "text": "changed", "n": {"hits": 0}}]
    ]
    assert resumed(mounted, store)["state"]["rows"][1234]["text"] == "changed"


def test_a_change_the_ops_cannot_tell_is_saved_as_a_new_base(tmp_path):
    store = FileStore(str(tmp_path), ttl=3600)
    mounted = mounted_view(size=200)
    save(mounted, store)
    mounted.handle_event("sort", {})
    assert save(mounted, store)[0]  # a sort logs nothing to replay
    mounted.handle_event("reload", {})
    assert save(mounted, store)[0]  # 200 rows assigned whole
    mounted.handle_event("bump", {})
    assert not save(mounted, store)[0]


def test_deltas_are_compacted_into_a_base_before_they_outgrow_it(tmp_path):
    store = FileStore(str(tmp_path), ttl=3600)
    mounted = mounted_view(size=20)
    save(mounted, store)
    kinds = []
    for i in range(40):
        mounted.handle_event("edit", {"at": i, "text": "x" * 20})
        kinds.append(save(mounted, store)[0])
    assert True in kinds and False in kinds
    records = store.load_records(mounted.grant.instance_id)
    assert sum(map(len, records[1:])) <= len(records[0]) * 0.5 + 200
    assert resumed(mounted, store)["state"] == plain(mounted)


def test_a_torn_last_delta_resumes_from_the_one_before(tmp_path):
    store = FileStore(str(tmp_path), ttl=3600)
    mounted = mounted_view()
    save(mounted, store)
    mounted.handle_event("bump", {})
    save(mounted, store)
    before = plain(mounted)
    mounted.handle_event("bump", {})
    is_base, delta = mounted.records.next(mounted.version)
    assert not is_base
    store.append(mounted.grant.instance_id, delta[: len(delta) // 2])  # killed mid-write
    saved = resumed(mounted, store)
    assert saved["state"] == before and saved["v"] == 2


def test_the_file_store_refuses_a_delta_with_no_base_of_its_own(tmp_path):
    store = FileStore(str(tmp_path), ttl=3600)
    assert not store.append("nobase", b'{"v":2,"d":[]}')
    store.save("nobase", b'{"v":1}')
    assert store.append("nobase", b'{"v":2,"d":[]}')
    assert store.load_records("nobase") == [b'{"v":1}', b'{"v":2,"d":[]}']
    assert store.load("nobase") == b'{"v":1}'


def test_a_new_base_in_the_cache_leaves_the_old_deltas_unread():
    store = CacheStore("default", 3600)
    store.save("c1", b"base1")
    assert store.append("c1", b"d1")
    store.save("c1", b"base2")
    assert store.load_records("c1") == [b"base2"]
    assert store.append("c1", b"d2")
    assert store.load_records("c1") == [b"base2", b"d2"]
    assert not CacheStore("default", 3600).append("c1", b"d3")  # another process: no base
