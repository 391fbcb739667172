"""The transaction and on_commit behaviour again, on a private PostgreSQL: the broadcast, join,
reconnect, action and user_key tests run in a pytest of their own with tests.settings_postgres."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.postgres import PostgresServer, postgres_bin

ROOT = Path(__file__).resolve().parents[2]


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
    env = {**os.environ, "DJWIRE_TEST_POSTGRES_PORT": str(postgres.port)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/sync/test_broadcast.py",
            "tests/sync/test_join.py",
            "tests/sync/test_reconnect.py",
            "tests/sync/test_actions.py",
            "tests/sync/test_user_key.py",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=tests.settings_postgres",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
