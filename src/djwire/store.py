"""Where view state is kept between events so a reconnecting page resumes where it was.

``FileStore`` (the default) needs no setup and survives a restart of the server process;
``CacheStore`` uses a Django cache (Redis: shared by every server process). Records are the
codec's bytes; writes happen after the patch is sent (see live/saver.py).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Protocol

from django.core.cache import caches

from djwire import conf


class StateStore(Protocol):
    def save(self, instance_id: str, record: bytes) -> None: ...
    def load(self, instance_id: str) -> bytes | None: ...
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
        if before is not None and before != bucket:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self._folder(before), instance_id))
        if bucket != self._swept_for:
            self._swept_for = bucket
            sweeper = threading.Thread(target=self._sweep_once, name="djwire-sweep", daemon=True)
            sweeper.start()

    def load(self, instance_id: str) -> bytes | None:
        _check_id(instance_id)
        limit = self.clock() - self.ttl
        # Newest bucket first: another process may have saved a newer copy in a later one.
        for bucket in sorted(self._buckets(), reverse=True):
            path = os.path.join(self._folder(bucket), instance_id)
            try:
                if os.path.getmtime(path) < limit:
                    return None
                with open(path, "rb") as handle:
                    return handle.read()
            except FileNotFoundError:
                continue
        return None

    def delete(self, instance_id: str) -> None:
        _check_id(instance_id)
        self._where.pop(instance_id, None)
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
    """Records in a Django cache (``DJWIRE["state_cache_alias"]``)."""

    def __init__(self, alias: str, ttl: float) -> None:
        self.alias = alias
        self.ttl = ttl

    def save(self, instance_id: str, record: bytes) -> None:
        caches[self.alias].set(f"djwire:state:{instance_id}", record, timeout=self.ttl)

    def load(self, instance_id: str) -> bytes | None:
        value = caches[self.alias].get(f"djwire:state:{instance_id}")
        return value if isinstance(value, bytes) else None

    def delete(self, instance_id: str) -> None:
        caches[self.alias].delete(f"djwire:state:{instance_id}")


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
