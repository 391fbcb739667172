"""Close the database connections the server's threads hold, between tests (docs/testing.md).

A socket's sync work runs outside the test's thread: on asgiref's shared sync thread (the
HTTP render, Channels' session and user lookups) and on djwire's handler threads (joins,
events, pushes). Those threads live for the whole test process, and a connection one of them
holds lives with it: on an in-memory SQLite test database Django never closes it (closing
would drop the database), and ``close_old_connections`` keeps any connection younger than
``CONN_MAX_AGE``. A later test without database access then trips over it (pytest-django
refuses even the check of whether it is still usable), and PostgreSQL refuses to drop the
test database at the end of the run while it is open.
"""

from __future__ import annotations

from asgiref.sync import SyncToAsync
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from djwire.testing import _internals as dj


def _close_this_threads_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.connection is None:
            continue
        if isinstance(connection, SQLiteWrapper) and connection.is_in_memory_db():
            # SQLite's close() ignores an in-memory database, to keep it alive; the test
            # database lives on in the test thread's own connection (a shared cache).
            BaseDatabaseWrapper.close(connection)
        else:
            connection.close()


def close_thread_connections(timeout: float = 10.0) -> None:
    """Close every database connection held by the threads a socket's sync work runs on:
    asgiref's shared sync thread and each of djwire's handler threads.

    Call it after each test, with no socket at work (an autouse fixture)::

        @pytest.fixture(autouse=True)
        def _close_thread_connections():
            yield
            close_thread_connections()

    Blocks until every thread has closed its own (a connection is only closed on its
    thread); TimeoutError when one stays busy for ``timeout`` seconds.
    """
    SyncToAsync.single_thread_executor.submit(_close_this_threads_connections).result(timeout)
    dj.on_every_thread(_close_this_threads_connections, timeout)
