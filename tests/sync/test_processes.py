"""Two processes on a private Redis: a save in a management command reaches a client joined in
another process (tests/sync/redis_scenario.py runs in a pytest of its own)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.servers import RedisServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


def test_a_save_in_another_process_reaches_the_client_over_redis(redis, tmp_path):
    env = {
        **os.environ,
        "DJWIRE_TEST_REDIS": redis.url,
        "DJWIRE_TEST_SQLITE": str(tmp_path / "db.sqlite3"),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/sync/redis_scenario.py",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=tests.settings_redis",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
