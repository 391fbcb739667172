"""Fixtures of the sync tests: a client joined to an anchor, read frame by frame."""

from __future__ import annotations

import pytest
from asgiref.sync import SyncToAsync
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from djwire.testing import ContextChannelTestClient


class Joined:
    """A client joined to one anchor of a channel, read frame by frame: what a browser joined
    to it receives, on the real socket."""

    def __init__(self, client):
        self.client = client
        self.read = len(client.frames)  # the join's frames: read already

    def next(self, timeout=5.0):
        """The next frame's payload (an ``instances`` frame: the channel's changes)."""
        frames = self.client.frames
        self.client.wait_for(lambda _: len(frames) > self.read, timeout)
        frame = frames[self.read]
        self.read += 1
        assert frame[2] == "instances", frame
        return frame[3]

    def layers(self, timeout=5.0):
        """The next frame's layers, by (type name, id)."""
        return {
            (layer["_instance_type"].rsplit(".", 1)[1], layer["id"]): layer
            for layer in self.next(timeout)["i"]
        }

    def nothing(self, timeout=0.2):
        """True when no frame came since the last one read, nor comes within ``timeout``."""
        if not self.client.receive_nothing(timeout) or len(self.client.frames) > self.read:
            raise AssertionError(f"received {self.client.frames[self.read :]}")
        return True


@pytest.fixture
def joined():
    """``joined(Channel, **url_kwargs)``: a ContextChannelTestClient connected (and closed
    after the test), as a :class:`Joined`."""
    clients = []

    def join(channel, **kwargs):
        client = ContextChannelTestClient(channel, **kwargs)
        clients.append(client)
        client.connect()
        return Joined(client)

    yield join
    for client in clients:
        client.close()


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
