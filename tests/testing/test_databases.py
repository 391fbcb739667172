"""close_thread_connections(): what the socket's threads hold is closed, so that a later test
without database access can still use a socket (the in-memory SQLite test database, whose
connections Django never closes)."""

import pytest
from asgiref.sync import SyncToAsync
from django.conf import settings
from django.db import connection, connections
from django.test import override_settings

from djwire.testing import LiveViewTestClient, close_thread_connections
from djwire.transport.pool import on_every_thread
from tests.testapp.models import Gadget
from tests.testapp.views import CounterView, GadgetCountView

pytestmark = pytest.mark.django_db(transaction=True)

in_memory_sqlite = pytest.mark.skipif(
    not (connection.vendor == "sqlite" and connection.is_in_memory_db()),
    reason="Django closes other databases' connections itself",
)


def held_here() -> list[str]:
    return [c.alias for c in connections.all(initialized_only=True) if c.connection is not None]


def held_by_the_socket_threads() -> list[str]:
    """The open connections of asgiref's shared sync thread and of every handler thread."""
    shared = SyncToAsync.single_thread_executor.submit(held_here).result(timeout=10)
    return shared + [alias for held in on_every_thread(held_here) for alias in held]


def read_the_database_on_the_socket_threads():
    Gadget.objects.create(name="g", price="1.00")
    with LiveViewTestClient(GadgetCountView, path="/?count=1") as client:
        client.mount()  # the HTTP render counts, on asgiref's shared thread
        client.send_event("count_gadgets")  # and the handler, on a handler thread
        assert client.view.count == 1


@in_memory_sqlite
def test_it_closes_the_connections_of_the_shared_thread_and_of_every_handler_thread():
    read_the_database_on_the_socket_threads()
    assert held_by_the_socket_threads()  # what Django leaves open on in-memory SQLite
    close_thread_connections()
    assert held_by_the_socket_threads() == []


def test_a_socket_works_in_a_later_test_without_database_access(django_db_blocker):
    # One handler thread: the next call runs on the thread that read the database.
    with override_settings(DJWIRE={**settings.DJWIRE, "handler_threads": 1}):
        read_the_database_on_the_socket_threads()
        close_thread_connections()
        # django_db_blocker.block(): as in a test without the django_db mark.
        with django_db_blocker.block(), LiveViewTestClient(CounterView) as client:
            client.mount()
            assert client.send_event("increment", by=2)["d"] == {"0": "2"}
