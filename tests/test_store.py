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
    os.utime(tmp_path / "state" / "abc123", (0, 0))  # older than the ttl
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
