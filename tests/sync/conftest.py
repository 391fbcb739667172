"""A watcher of one anchor: what a joined browser would receive, without the socket."""

from __future__ import annotations

import queue

import pytest
from asgiref.sync import SyncToAsync
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from djwire.pubsub import get_hub
from djwire.sync import watching
from djwire.sync.broadcast import anchor_group
from djwire.testing._loop import LoopThread


class Watcher:
    """Watches one anchor of a channel as a join does, in an event loop of its own, and
    keeps every payload published to it."""

    def __init__(self, channel, anchor_id):
        self.channel = channel
        self.anchor_id = anchor_id
        self.group = anchor_group(channel.name, anchor_id)
        self.payloads = queue.Queue()
        self.loop = LoopThread()
        watching.watch(channel.name, anchor_id)
        self.loop.run(self._subscribe())

    async def _subscribe(self):
        await get_hub().subscribe(self.group, id(self), self._received)

    async def _unsubscribe(self):
        await get_hub().unsubscribe(self.group, id(self))

    def _received(self, message):
        self.payloads.put(message.decode())

    def next(self, timeout=5.0):
        """The next payload published to the anchor."""
        try:
            return self.payloads.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                f"nothing reached anchor {self.anchor_id} in {timeout} s"
            ) from None

    def layers(self, timeout=5.0):
        """The next payload's layers, by (type name, id)."""
        payload = self.next(timeout)
        return {
            (layer["_instance_type"].rsplit(".", 1)[1], layer["id"]): layer
            for layer in payload["i"]
        }

    def nothing(self, timeout=0.2):
        """True when nothing is published to the anchor within ``timeout`` seconds."""
        try:
            payload = self.payloads.get(timeout=timeout)
        except queue.Empty:
            return True
        raise AssertionError(f"anchor {self.anchor_id} received {payload}")

    def close(self):
        self.loop.run(self._unsubscribe())
        self.loop.stop()
        watching.unwatch(self.channel.name, self.anchor_id)


@pytest.fixture
def watch():
    watchers = []

    def start(channel, anchor_id):
        watcher = Watcher(channel, anchor_id)
        watchers.append(watcher)
        return watcher

    yield start
    for watcher in watchers:
        watcher.close()


@pytest.fixture(autouse=True)
def no_history_grace(settings):
    """A join's anchors stop being watched as it leaves (tests of the grace period set it)."""
    settings.DJWIRE = {**settings.DJWIRE, "sync_history_grace": 0}


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("member", password="x")


@pytest.fixture(autouse=True)
def close_the_database_thread_connections():
    """A join reads the database in asgiref's shared thread; the connection it opened there
    must not outlive the test (Django never closes an in-memory SQLite one, and a later test
    without database access would trip over it)."""
    yield

    def close():
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                BaseDatabaseWrapper.close(connection)

    SyncToAsync.single_thread_executor.submit(close).result(timeout=10)
