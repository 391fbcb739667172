"""Two processes on a private Redis: a save, and a new anchor of an auto_update list, made in a
management command reach a client joined in another process (tests/sync/redis_scenario.py runs
in a pytest of its own)."""

import pytest

from tests.e2e.servers import RedisServer
from tests.sync.inner import assert_tests_pass


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


def test_a_save_in_another_process_reaches_the_client_over_redis(redis, tmp_path):
    env = {"DJWIRE_TEST_REDIS": redis.url, "DJWIRE_TEST_SQLITE": str(tmp_path / "db.sqlite3")}
    assert_tests_pass(["tests/sync/redis_scenario.py"], "tests.settings_redis", env)


def test_the_watched_anchors_are_shared_in_redis(redis, tmp_path):
    env = {"DJWIRE_TEST_REDIS": redis.url, "DJWIRE_TEST_SQLITE": str(tmp_path / "db.sqlite3")}
    assert_tests_pass(["tests/sync/watch_scenario.py"], "tests.settings_redis", env)
