"""Fixtures of the sync tests: a client joined to an anchor, read frame by frame."""

from __future__ import annotations

import pytest

from djwire.testing import ContextChannelTestClient, close_thread_connections


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
    """A join reads the database on the socket's threads (asgiref's shared one, the handler
    pool's); on the in-memory SQLite test database Django never closes those connections, and
    a later test without database access would trip over them (docs/testing.md)."""
    yield
    close_thread_connections()
