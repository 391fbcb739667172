"""Where view state is kept between events so a reconnecting page resumes where it was.

``FileStore`` (the default) needs no setup and survives a restart of the server process;
``CacheStore`` uses a Django cache (Redis: shared by every server process). Records are the
codec's bytes; writes happen after the patch is sent (see live/saver.py).

A view's record is a *base* (``save``) followed by the *deltas* appended since (``append``:
the changes, not the state; live/deltas.py), read back together by ``load_records``. A store
refuses an append it cannot chain to the base (none here, ``DELTAS_PER_BASE`` reached, or a
base older than its time bucket, which expiry would remove): the caller saves a base then.
Neither JSON record holds a raw newline, which the file store uses to separate them.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Protocol

from django.core.cache import caches

from djwire import conf

# Deltas appended to one base at most: a resume replays no more than these.
DELTAS_PER_BASE = 200


class StateStore(Protocol):
    def save(self, instance_id: str, record: bytes) -> None: ...
    def append(self, instance_id: str, delta: bytes) -> bool: ...
    def load(self, instance_id: str) -> bytes | None: ...
    def load_records(self, instance_id: str) -> list[bytes] | None: ...
    def delete(self, instance_id: str) -> None: ...


class FileStore:
    """One file per view instance under ``DJWIRE["state_dir"]`` (created private to this user).

    Files live in time buckets (``t-<n>/``, each ``ttl / 8`` seconds wide), so expiry removes
    whole buckets older than the TTL: it costs what has expired, never a scan of what is live,
    and it runs on a thread of its own, not on the one that runs handlers and saves.
    """

    def __init__(self, directory: str, ttl: float, clock: Callable[[], float] = time.time) -> None:
        self.directory = directory
        self.ttl = ttl
        self.clock = clock
        self.span = max(ttl / _BUCKETS_PER_TTL, 1.0)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        self._where: dict[str, int] = {}  # this process's newest bucket of each id it saved
        self._deltas: dict[str, int] = {}  # deltas appended since each id's base
        self._swept_for = -1  # the bucket whose start last triggered a sweep
        self._sweeping = threading.Lock()
        self._legacy_removed = False

    def save(self, instance_id: str, record: bytes) -> None:
        _check_id(instance_id)
        bucket = self._bucket(self.clock())
        folder = self._folder(bucket)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=_TEMP_PREFIX)
        with os.fdopen(fd, "wb") as handle:
            handle.write(record)
        os.replace(temp, os.path.join(folder, instance_id))  # a reader never sees half a record
        before = self._where.get(instance_id)
        self._where[instance_id] = bucket
        self._deltas[instance_id] = 0
        if before is not None and before != bucket:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self._folder(before), instance_id))
        if bucket != self._swept_for:
            self._swept_for = bucket
            sweeper = threading.Thread(target=self._sweep_once, name="djwire-sweep", daemon=True)
            sweeper.start()

    def append(self, instance_id: str, delta: bytes) -> bool:
        """Append ``delta`` to the record this process saved in the current bucket; False
        (nothing written) when there is none, or it has ``DELTAS_PER_BASE`` already."""
        _check_id(instance_id)
        bucket = self._bucket(self.clock())
        count = self._deltas.get(instance_id, DELTAS_PER_BASE)
        if self._where.get(instance_id) != bucket or count >= DELTAS_PER_BASE:
            return False
        path = os.path.join(self._folder(bucket), instance_id)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)  # never creates: a delta needs a base
        except FileNotFoundError:
            return False
        try:
            # One write of a few hundred bytes: a reader sees it whole or not at all, and a
            # crash mid-write leaves a last line that does not decode (resume stops before it).
            os.write(fd, b"\n" + delta)
        finally:
            os.close(fd)
        self._deltas[instance_id] = count + 1
        return True

    def load(self, instance_id: str) -> bytes | None:
        records = self.load_records(instance_id)
        return None if records is None else records[0]

    def load_records(self, instance_id: str) -> list[bytes] | None:
        """The base record and the deltas appended to it, in order (None: nothing kept)."""
        _check_id(instance_id)
        limit = self.clock() - self.ttl
        # Newest bucket first: another process may have saved a newer copy in a later one.
        for bucket in sorted(self._buckets(), reverse=True):
            path = os.path.join(self._folder(bucket), instance_id)
            try:
                if os.path.getmtime(path) < limit:
                    return None
                with open(path, "rb") as handle:
                    return handle.read().split(b"\n")
            except FileNotFoundError:
                continue
        return None

    def delete(self, instance_id: str) -> None:
        _check_id(instance_id)
        self._where.pop(instance_id, None)
        self._deltas.pop(instance_id, None)
        for bucket in self._buckets():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self._folder(bucket), instance_id))

    def sweep(self) -> None:
        """Delete the buckets whose every record is older than the TTL."""
        with self._sweeping:
            self._sweep()

    def _sweep_once(self) -> None:
        if self._sweeping.acquire(blocking=False):  # else one is running: it sees these too
            try:
                self._sweep()
            finally:
                self._sweeping.release()

    def _sweep(self) -> None:
        # A bucket is expired when its newest possible record is: it ends before the limit.
        newest_expired = self._bucket(self.clock() - self.ttl) - 1
        for bucket in self._buckets():
            if bucket <= newest_expired:
                shutil.rmtree(self._folder(bucket), ignore_errors=True)
        if not self._legacy_removed:
            self._legacy_removed = True
            _remove_flat_records(self.directory)

    def _bucket(self, when: float) -> int:
        return int(when // self.span)

    def _folder(self, bucket: int) -> str:
        return os.path.join(self.directory, f"{_BUCKET_PREFIX}{bucket}")

    def _buckets(self) -> list[int]:
        # A handful of names (about ttl / span of them), not one per record.
        found = []
        for name in os.listdir(self.directory):
            if name.startswith(_BUCKET_PREFIX) and name[len(_BUCKET_PREFIX) :].isdigit():
                found.append(int(name[len(_BUCKET_PREFIX) :]))
        return found


# A bucket's name cannot be an instance id (ids are alphanumeric), nor a record being written.
_BUCKET_PREFIX = "t-"
_TEMP_PREFIX = ".w-"
_BUCKETS_PER_TTL = 8


def _remove_flat_records(directory: str) -> None:
    """Records saved by djwire before buckets sat beside them; nothing reads them now."""
    for entry in os.scandir(directory):
        if entry.name.isalnum() and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


def _check_id(instance_id: str) -> None:
    if not instance_id.isalnum():
        raise ValueError(f"bad instance id {instance_id!r}")


class CacheStore:
    """Records in a Django cache (``DJWIRE["state_cache_alias"]``).

    A base is kept under ``djwire:state:<id>``, tagged with a random name of its own; its
    deltas under ``djwire:state:<id>:<tag>:<n>``, n = 1, 2, ... So a new base leaves the old
    deltas unread (they expire), and a resume reads the base, then its deltas in one
    ``get_many``.
    """

    def __init__(self, alias: str, ttl: float, clock: Callable[[], float] = time.time) -> None:
        self.alias = alias
        self.ttl = ttl
        self.clock = clock
        # Of each id this process saved a base of: its tag, deltas appended, when it was saved.
        self._bases: dict[str, tuple[str, int, float]] = {}

    def save(self, instance_id: str, record: bytes) -> None:
        tag = secrets.token_hex(4)
        value = tag.encode() + b"\n" + record
        caches[self.alias].set(_cache_key(instance_id), value, timeout=self.ttl)
        self._bases[instance_id] = (tag, 0, self.clock())

    def append(self, instance_id: str, delta: bytes) -> bool:
        """Add ``delta`` after the base this process saved; False when there is none, it has
        ``DELTAS_PER_BASE`` deltas, or it is older than an eighth of the TTL (the base would
        expire before its deltas)."""
        base = self._bases.get(instance_id)
        if base is None:
            return False
        tag, count, saved_at = base
        if count >= DELTAS_PER_BASE or self.clock() - saved_at > self.ttl / _BUCKETS_PER_TTL:
            return False
        key = f"{_cache_key(instance_id)}:{tag}:{count + 1}"
        caches[self.alias].set(key, delta, timeout=self.ttl)
        self._bases[instance_id] = (tag, count + 1, saved_at)
        return True

    def load(self, instance_id: str) -> bytes | None:
        records = self.load_records(instance_id)
        return None if records is None else records[0]

    def load_records(self, instance_id: str) -> list[bytes] | None:
        """The base record and its deltas, in order (None: nothing kept)."""
        cache = caches[self.alias]
        value = cache.get(_cache_key(instance_id))
        if not isinstance(value, bytes):
            return None
        tag, newline, record = value.partition(b"\n")
        if not newline:
            return [value]  # saved by a djwire before deltas: a base alone
        prefix = f"{_cache_key(instance_id)}:{tag.decode()}:"
        keys = [f"{prefix}{n}" for n in range(1, DELTAS_PER_BASE + 1)]
        found = cache.get_many(keys)
        records = [record]
        for key in keys:
            delta = found.get(key)
            if not isinstance(delta, bytes):
                break  # the deltas after a missing one cannot be replayed
            records.append(delta)
        return records

    def delete(self, instance_id: str) -> None:
        self._bases.pop(instance_id, None)
        caches[self.alias].delete(_cache_key(instance_id))


def _cache_key(instance_id: str) -> str:
    return f"djwire:state:{instance_id}"


def get_store() -> StateStore:
    """The store the settings name (``DJWIRE["state_store"]``), made once per configuration."""
    kind = conf.get("state_store")
    ttl = conf.get("state_ttl")
    if kind == "file":
        return _store(FileStore, conf.get("state_dir"), ttl)
    if kind == "cache":
        return _store(CacheStore, conf.get("state_cache_alias"), ttl)
    raise ValueError(f"DJWIRE['state_store'] must be 'file' or 'cache', not {kind!r}")


@functools.cache
def _store(kind: type[FileStore] | type[CacheStore], where: str, ttl: float) -> StateStore:
    return kind(where, ttl)
