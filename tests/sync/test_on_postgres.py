"""The transaction and on_commit behaviour again, on a private PostgreSQL: the broadcast, join,
reconnect, action, user_key and write tests (on both routes) run in a pytest of their own with
tests.settings_postgres, with the handler pool's connection tests (which need PostgreSQL)."""

import pytest

from tests.sync.inner import assert_tests_pass
from tests.sync.postgres import PostgresServer, postgres_bin


@pytest.fixture(scope="module")
def postgres():
    if postgres_bin() is None:
        pytest.fail(
            "PostgreSQL is not installed: ./scripts/test installs it (apt-get install postgresql)"
        )
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_the_broadcast_join_and_reconnect_tests_pass_on_postgresql(postgres):
    files = [
        "test_broadcast",
        "test_join",
        "test_reconnect",
        "test_actions",
        "test_user_key",
        "test_writes",
        "test_state_consumer",
    ]
    assert_tests_pass(
        [*(f"tests/sync/{name}.py" for name in files), "tests/transport/test_pool_databases.py"],
        "tests.settings_postgres",
        {"DJWIRE_TEST_POSTGRES_PORT": str(postgres.port)},
    )
