"""Run by tests/sync/test_processes.py with tests.settings_redis: the anchors watched in any
process are kept in Redis, so a save of an anchor nobody watches anywhere does no query, one
watched in another process is seen, and a crashed process's anchors expire. In a file of its
own: no join of this process may be left in its history's grace period."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext

from djwire import conf
from tests.sync.app.models import Project, Task

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)

TTL = 1.0
# The commands that read the registry (ZCOUNT: what a save asked before it was cached).
READS = ("zrangebyscore", "zcount")


@pytest.fixture
def short_ttl(settings):
    settings.DJWIRE = {**settings.DJWIRE, "sync_watch_ttl": TTL}


def _queries_of_a_save(task):
    task.name += "!"
    with CaptureQueriesContext(connection) as queries:
        task.save()
    return len(queries)


def _registry_reads():
    """How many reads of the watched anchors this Redis server has answered so far."""
    with redis.Redis.from_url(os.environ["DJWIRE_TEST_REDIS"]) as client:
        stats = client.info("commandstats")
    return sum(stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in READS)


@contextmanager
def watcher(project, cache=None):
    """A join of ``project``'s channel in another server process, until the block ends
    (``cache``: its DJWIRE["sync_watch_cache"], how long its join waits)."""
    with subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "sync" / "watcher_process.py"),
            str(project.pk),
            str(TTL),
            *([] if cache is None else [str(cache)]),
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings_redis"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:  # its pipes closed at the end
        try:
            assert process.stdout.readline().strip() == "joined"
            yield process
        finally:
            process.kill()
            process.wait(timeout=30)


def test_a_save_of_an_anchor_nobody_watches_in_any_process_makes_no_query(short_ttl):
    task = Task.objects.create(project=Project.objects.create(name="P"), name="t")
    assert _queries_of_a_save(task) == 1  # the UPDATE: no anchor read, nothing serialized


def test_an_anchor_watched_in_another_process_counts_until_that_process_dies(short_ttl):
    watched = Task.objects.create(project=Project.objects.create(name="W"), name="t")
    other = Task.objects.create(project=Project.objects.create(name="O"), name="t")
    with watcher(watched.project) as process:
        # The project is read for its anchors, the task serialized and published.
        assert _queries_of_a_save(watched) > 1
        # Another project of the same channel: its anchors are read, it is not serialized.
        assert 1 < _queries_of_a_save(other) < _queries_of_a_save(watched)
        process.kill()  # no goodbye: its members in Redis expire with the TTL
        process.wait(timeout=30)
        time.sleep(TTL * 1.5)
        assert _queries_of_a_save(watched) == 1


def test_an_anchor_left_in_another_process_stops_counting_at_once(short_ttl):
    task = Task.objects.create(project=Project.objects.create(name="L"), name="t")
    with watcher(task.project) as process:
        assert _queries_of_a_save(task) > 1
        process.stdin.close()  # the client leaves, the process removes its member
        process.wait(timeout=30)
    time.sleep(conf.get("sync_watch_cache"))  # what this process read of it is reused so long
    assert _queries_of_a_save(task) == 1


def test_saves_read_the_watched_anchors_once_per_cache_period_not_per_save(short_ttl, settings):
    task = Task.objects.create(project=Project.objects.create(name="R"), name="t")
    with watcher(task.project):
        # From now on (the join waited out what was read before) an answer is reused 60 s.
        settings.DJWIRE = {**settings.DJWIRE, "sync_watch_cache": 60.0}
        assert _queries_of_a_save(task) > 1  # read (one round trip), then read and sent
        before = _registry_reads()
        queries = [_queries_of_a_save(task) for _ in range(10)]
        # The next ten saves and their flushes reuse it: before, each one asked Redis three
        # times per channel that reaches a task.
        assert _registry_reads() == before
        assert all(count > 1 for count in queries)  # every save was still read and sent


def test_an_anchor_joined_elsewhere_is_seen_by_the_saves_after_its_join(short_ttl, settings):
    cache = 3.0  # longer than the other process takes to start and join
    settings.DJWIRE = {**settings.DJWIRE, "sync_watch_cache": cache}
    watched = Task.objects.create(project=Project.objects.create(name="J"), name="t")
    unwatched = _queries_of_a_save(watched)  # this process now reuses "not watched"
    with watcher(watched.project, cache=cache):
        # The join waited until no process reuses an answer older than its anchor: the
        # next save reads the task and sends it.
        assert _queries_of_a_save(watched) > unwatched
