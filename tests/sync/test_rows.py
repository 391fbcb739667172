"""What a save of a watched row reads: each thing once (src/djwire/sync/rows.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.sync.app.channels import ProjectChannel
from tests.sync.app.models import Project, Task

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_watched_save_reads_what_held_the_row_once_and_the_row_once(joined):
    task = Task.objects.create(project=Project.objects.create(name="P"), name="t")
    client = joined(ProjectChannel, project_id=task.project_id)
    task.name = "renamed"
    with CaptureQueriesContext(connection) as queries:
        task.save()
    # Which project holds the task: read once, before the UPDATE (its anchor and its parent
    # are one question); after it, the project is the one the task was saved with. Before
    # this was asked four times (anchors, parents, parents again, anchors for the flush).
    holders = [q["sql"] for q in queries if 'AS "tasks__pk"' in q["sql"]]
    assert len(holders) == 1, holders
    assert queries[1]["sql"].startswith("UPDATE")
    assert client.layers()[("TaskSerializer", task.pk)]["name"] == "renamed"


def test_a_save_that_leaves_the_parent_key_out_of_update_fields_reads_the_parent(joined):
    project = Project.objects.create(name="P")
    task = Task.objects.create(project=project, name="t")
    client = joined(ProjectChannel, project_id=project.pk)
    other = Project.objects.create(name="O")
    task.project_id = other.pk  # changed here, but not saved: update_fields leaves it out
    task.name = "renamed"
    task.save(update_fields=["name"])
    layers = client.layers()
    # Still the project's row (a row taken as moved would have been a tombstone here).
    assert layers[("TaskSerializer", task.pk)]["name"] == "renamed"
    assert "_deleted" not in layers[("TaskSerializer", task.pk)]
    assert Task.objects.get(pk=task.pk).project_id == project.pk
