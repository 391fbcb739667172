"""Where view state waits between events: files by default, a Django cache when shared."""

import os

import pytest
from django.test import override_settings

from djwire.store import CacheStore, FileStore, get_store


def test_the_file_store_keeps_a_record_until_its_ttl(tmp_path):
    store = FileStore(str(tmp_path / "state"), ttl=60)
    store.save("abc123", b"record")
    assert store.load("abc123") == b"record"
    assert oct(os.stat(tmp_path / "state").st_mode & 0o777) == "0o700"  # this user's only
    (path,) = (os.path.join(d, "abc123") for d, _, files in os.walk(tmp_path) if "abc123" in files)
    os.utime(path, (0, 0))  # older than the ttl
    assert store.load("abc123") is None
    assert store.load("missing") is None


def test_an_instance_id_cannot_name_a_path_outside_the_store(tmp_path):
    store = FileStore(str(tmp_path), ttl=60)
    with pytest.raises(ValueError, match="bad instance id"):
        store.save("../escape", b"x")


def test_the_cache_store_and_the_setting_that_picks_it():
    with override_settings(DJWIRE={"state_store": "cache"}):
        store = get_store()
        assert isinstance(store, CacheStore)
        store.save("abc", b"record")
        assert store.load("abc") == b"record"
        store.delete("abc")
        assert store.load("abc") is None
    with override_settings(DJWIRE={"state_store": "redis"}), pytest.raises(ValueError):
        get_store()


class _Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _sweep_now(store):
    # save() starts a sweep thread when a new bucket begins; run one here, deterministically.
    store.sweep()


def test_expiry_removes_only_buckets_older_than_the_ttl(tmp_path):
    clock = _Clock(1_000_000.0)
    store = FileStore(str(tmp_path), ttl=800, clock=clock)  # buckets of 100 s
    store.save("old", b"1")
    clock.now += 500
    store.save("recent", b"2")
    clock.now += 450  # "old" is 950 s old, "recent" 450 s
    _sweep_now(store)
    assert store.load("recent") == b"2"
    assert not any("old" in files for _, _, files in os.walk(tmp_path))  # its file is gone
    buckets = sorted(os.listdir(tmp_path))
    assert len(buckets) == 1  # the expired bucket went as a whole


def test_a_record_saved_again_in_a_later_bucket_leaves_no_copy_behind(tmp_path):
    clock = _Clock(1_000_000.0)
    store = FileStore(str(tmp_path), ttl=800, clock=clock)
    store.save("view1", b"first")
    clock.now += 250
    store.save("view1", b"second")
    copies = [path for path, _, files in os.walk(tmp_path) if "view1" in files]
    assert len(copies) == 1
    assert store.load("view1") == b"second"


def test_the_newest_copy_wins_when_another_process_saved_it_later(tmp_path):
    clock = _Clock(1_000_000.0)
    first = FileStore(str(tmp_path), ttl=800, clock=clock)
    second = FileStore(str(tmp_path), ttl=800, clock=clock)  # another process, same directory
    first.save("view1", b"from the first process")
    clock.now += 250
    second.save("view1", b"from the second process")
    assert first.load("view1") == b"from the second process"
    first.delete("view1")
    assert second.load("view1") is None


def test_records_of_the_flat_layout_are_removed_by_the_first_sweep(tmp_path):
    (tmp_path / "abc123").write_bytes(b"a record of an older djwire")
    store = FileStore(str(tmp_path), ttl=800)
    _sweep_now(store)
    assert not (tmp_path / "abc123").exists()
