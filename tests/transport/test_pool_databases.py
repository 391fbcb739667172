"""The handler pool's threads close their database connections after every call, even while a
test awaits Channels' test communicator, which swaps Channels' own cleanup for a no-op
meanwhile (process-wide): PostgreSQL then refused to drop the test database at the end of the
run, as a connection of a handler thread still held it.

PostgreSQL only (tests/sync/test_on_postgres.py runs it there): Django never closes an
in-memory SQLite connection, whatever the pool does (docs/testing.md)."""

import time

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.testing import WebsocketCommunicator
from django.db import connection

from djwire.transport.pool import get_pool
from tests.testapp.models import Gadget

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="on PostgreSQL only"),
]


class CountingConsumer(AsyncWebsocketConsumer):
    """Answers each frame with the number of gadgets, counted on a handler thread (a user
    call) or on the background lane (``"background"``), as djwire's joins do."""

    async def receive(self, text_data=None, bytes_data=None):
        pool = get_pool()
        run = pool.run_background if text_data == "background" else pool.run
        await self.send(text_data=str(await run(Gadget.objects.count)))


def other_sessions_on_the_test_database() -> list[tuple[int, str]]:
    """The connections to the test database besides this thread's own, (pid, last query),
    once those that were closed are gone: a server process outlives its client's close for a
    moment (DROP DATABASE, too, waits up to 5 s for them)."""
    deadline = time.monotonic() + 5
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, query FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            sessions = cursor.fetchall()
        if not sessions or time.monotonic() > deadline:
            return sessions
        time.sleep(0.05)


@pytest.mark.parametrize("lane", ["user", "background"])
def test_a_call_that_read_the_database_leaves_no_connection_open(lane):
    Gadget.objects.create(name="g", price="1.00")

    @async_to_sync
    async def count_over_a_socket():
        communicator = WebsocketCommunicator(CountingConsumer.as_asgi(), "/")
        await communicator.connect()
        await communicator.send_to(text_data=lane)
        # The call runs while this test awaits the communicator: Channels' cleanup is off.
        assert await communicator.receive_from() == "1"
        # The socket is still open: the thread closed its connection as the call ended.
        assert await sync_to_async(other_sessions_on_the_test_database)() == []
        await communicator.disconnect()

    count_over_a_socket()
    assert other_sessions_on_the_test_database() == []
