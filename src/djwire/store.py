"""Where view state is kept between events so a reconnecting page resumes where it was.

``FileStore`` (the default) needs no setup and survives a restart of the server process;
``CacheStore`` uses a Django cache (Redis: shared by every server process). Records are the
codec's bytes; writes happen after the patch is sent (see session.py).
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
import tempfile
import time
from typing import Protocol

from django.core.cache import caches

from djwire import conf


class StateStore(Protocol):
    def save(self, instance_id: str, record: bytes) -> None: ...
    def load(self, instance_id: str) -> bytes | None: ...
    def delete(self, instance_id: str) -> None: ...


class FileStore:
    """One file per view instance in ``DJWIRE["state_dir"]`` (created private to this user)."""

    def __init__(self, directory: str, ttl: float) -> None:
        self.directory = directory
        self.ttl = ttl
        os.makedirs(directory, mode=0o700, exist_ok=True)

    def _path(self, instance_id: str) -> str:
        if not instance_id.isalnum():
            raise ValueError(f"bad instance id {instance_id!r}")
        return os.path.join(self.directory, instance_id)

    def save(self, instance_id: str, record: bytes) -> None:
        fd, temp = tempfile.mkstemp(dir=self.directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(record)
        os.replace(temp, self._path(instance_id))  # atomic: a reader never sees half a record
        if random.random() < 0.01:
            self.sweep()

    def load(self, instance_id: str) -> bytes | None:
        path = self._path(instance_id)
        try:
            if time.time() - os.path.getmtime(path) > self.ttl:
                os.unlink(path)
                return None
            with open(path, "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    def delete(self, instance_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._path(instance_id))

    def sweep(self) -> None:
        """Delete records older than the TTL."""
        limit = time.time() - self.ttl
        for entry in os.scandir(self.directory):
            try:
                if entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
            except FileNotFoundError:
                continue


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
