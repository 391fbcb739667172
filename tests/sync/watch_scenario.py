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
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.sync.app.models import Project, Task

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)

TTL = 1.0


@pytest.fixture
def short_ttl(settings):
    settings.DJWIRE = {**settings.DJWIRE, "sync_watch_ttl": TTL}


def _queries_of_a_save(task):
    task.name += "!"
    with CaptureQueriesContext(connection) as queries:
        task.save()
    return len(queries)


@contextmanager
def watcher(project):
    """A join of ``project``'s channel in another server process, until the block ends."""
    with subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "sync" / "watcher_process.py"),
            str(project.pk),
            str(TTL),
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
    assert _queries_of_a_save(task) == 1
