"""A committed change reaches the anchors that hold its rows: once, after commit, as layers,
seen by a client joined to the anchor on the real socket."""

import pytest
from django.db import transaction

from tests.sync.app.channels import ProjectChannel
from tests.sync.app.models import Comment, Note, Project, Tag, Task

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project():
    return Project.objects.create(name="P")


def test_a_saved_row_reaches_its_anchor_as_a_flat_layer(joined, project):
    task = Task.objects.create(project=project, name="write")
    client = joined(ProjectChannel, project_id=project.pk)
    task.name = "write more"
    task.save()
    layers = client.layers()
    layer = layers[("TaskSerializer", task.pk)]
    assert layer["name"] == "write more"
    assert layer["comments"] == [] and layer["tags"] == []
    assert layer["project_name"] == "P"
    assert layer["_operation"] == "update"
    assert isinstance(layer["_tstamp"], int)


def test_a_nested_row_reaches_the_anchor_and_its_parent_list_changes(joined, project):
    task = Task.objects.create(project=project, name="write")
    client = joined(ProjectChannel, project_id=project.pk)
    comment = Comment.objects.create(task=task, text="first")
    layers = client.layers()
    assert layers[("CommentSerializer", comment.pk)]["_operation"] == "create"
    assert layers[("CommentSerializer", comment.pk)]["text"] == "first"
    # The task holds the comment's id: it is sent again with its new list.
    assert layers[("TaskSerializer", task.pk)]["comments"] == [comment.pk]


def test_one_frame_per_transaction_each_row_once_as_committed(joined, project):
    client = joined(ProjectChannel, project_id=project.pk)
    with transaction.atomic():
        task = Task.objects.create(project=project, name="a")
        task.name = "b"
        task.save()
        task.name = "c"
        task.save()
        Comment.objects.create(task=task, text="x")
        # Nothing leaves before the commit.
        assert client.nothing()
    layers = client.layers()
    task_layer = layers[("TaskSerializer", task.pk)]
    assert task_layer["name"] == "c" and task_layer["_operation"] == "create"
    assert layers[("ProjectSerializer", project.pk)]["tasks"] == [task.pk]
    # All the layers of one commit carry its one version.
    assert len({layer["_tstamp"] for layer in layers.values()}) == 1
    assert client.nothing()


def test_a_rolled_back_transaction_sends_nothing(joined, project):
    client = joined(ProjectChannel, project_id=project.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        Task.objects.create(project=project, name="never")
        raise RuntimeError
    assert client.nothing()


def test_a_rolled_back_savepoint_sends_nothing_of_its_own(joined, project):
    client = joined(ProjectChannel, project_id=project.pk)
    with transaction.atomic():
        kept = Task.objects.create(project=project, name="kept")
        with pytest.raises(RuntimeError), transaction.atomic():
            Task.objects.create(project=project, name="rolled back")
            raise RuntimeError
        with transaction.atomic():
            also = Task.objects.create(project=project, name="released savepoint")
    layers = client.layers()
    tasks = {pk for (kind, pk) in layers if kind == "TaskSerializer"}
    assert tasks == {kept.pk, also.pk}
    assert layers[("ProjectSerializer", project.pk)]["tasks"] == [kept.pk, also.pk]
    assert client.nothing()


def test_a_delete_is_a_tombstone_and_the_parent_list_shrinks(joined, project):
    task = Task.objects.create(project=project, name="gone soon")
    client = joined(ProjectChannel, project_id=project.pk)
    pk = task.pk
    with transaction.atomic():
        task.delete()
    layers = client.layers()
    assert layers[("TaskSerializer", pk)]["_deleted"] is True
    assert layers[("TaskSerializer", pk)]["_operation"] == "delete"
    assert layers[("ProjectSerializer", project.pk)]["tasks"] == []


def test_deleting_the_anchor_cascades_into_tombstones(joined, project):
    task = Task.objects.create(project=project, name="t")
    comment = Comment.objects.create(task=task, text="c")
    client = joined(ProjectChannel, project_id=project.pk)
    project_pk = project.pk
    project.delete()
    layers = client.layers()
    for key in [
        ("ProjectSerializer", project_pk),
        ("TaskSerializer", task.pk),
        ("CommentSerializer", comment.pk),
    ]:
        assert layers[key]["_deleted"] is True, key


def test_a_re_parented_row_reaches_the_old_and_the_new_anchor(joined, project):
    other = Project.objects.create(name="Q")
    task = Task.objects.create(project=project, name="moving")
    old, new = (
        joined(ProjectChannel, project_id=project.pk),
        joined(ProjectChannel, project_id=other.pk),
    )
    task.project = other
    task.save()
    left = old.layers()
    assert left[("TaskSerializer", task.pk)]["_deleted"] is True
    assert left[("ProjectSerializer", project.pk)]["tasks"] == []
    arrived = new.layers()
    assert arrived[("TaskSerializer", task.pk)]["name"] == "moving"
    assert arrived[("ProjectSerializer", other.pk)]["tasks"] == [task.pk]


def test_m2m_changes_reach_the_anchor(joined, project):
    task = Task.objects.create(project=project, name="t")
    tag = Tag.objects.create(name="urgent")
    client = joined(ProjectChannel, project_id=project.pk)
    task.tags.add(tag)
    layers = client.layers()
    assert layers[("TaskSerializer", task.pk)]["tags"] == [tag.pk]
    assert layers[("TagSerializer", tag.pk)]["name"] == "urgent"
    task.tags.clear()
    layers = client.layers()
    assert layers[("TaskSerializer", task.pk)]["tags"] == []
    # The tag is in no task of the project any more: the anchor drops it.
    assert layers[("TagSerializer", tag.pk)]["_deleted"] is True


def test_a_dependency_re_sends_the_rows_that_read_it(joined, project):
    task = Task.objects.create(project=project, name="t")
    client = joined(ProjectChannel, project_id=project.pk)
    project.name = "renamed"
    project.save()
    layers = client.layers()
    # TaskSerializer.project_name reads project.name.
    assert layers[("TaskSerializer", task.pk)]["project_name"] == "renamed"
    # ProjectSerializer.open_tasks is a @related_property over tasks.
    task.done = True
    task.save()
    assert client.layers()[("ProjectSerializer", project.pk)]["open_tasks"] == 0


def test_other_anchors_and_other_models_send_nothing(joined, project):
    other = Project.objects.create(name="Q")
    client = joined(ProjectChannel, project_id=project.pk)
    Task.objects.create(project=other, name="elsewhere")
    Note.objects.create(text="unrelated")
    assert client.nothing()


def test_bulk_operations_of_the_broadcast_manager(joined, project):
    tasks = Task.objects.bulk_create([Task(project=project, name=f"t{i}") for i in range(3)])
    client = joined(ProjectChannel, project_id=project.pk)
    Task.objects.filter(project=project).update(done=True)
    layers = client.layers()
    assert all(layers[("TaskSerializer", t.pk)]["done"] for t in tasks)
    for task in tasks:
        task.name = task.name.upper()
    Task.objects.bulk_update(tasks, ["name"])
    layers = client.layers()
    assert [layers[("TaskSerializer", t.pk)]["name"] for t in tasks] == ["T0", "T1", "T2"]
    more = Task.objects.bulk_create([Task(project=project, name="new")])
    layers = client.layers()
    assert layers[("TaskSerializer", more[0].pk)]["_operation"] == "create"
    assert layers[("ProjectSerializer", project.pk)]["tasks"] == [t.pk for t in [*tasks, *more]]
    Task.objects.filter(pk=more[0].pk).delete()
    assert client.layers()[("TaskSerializer", more[0].pk)]["_deleted"] is True


def test_broadcast_queryset_sends_rows_changed_behind_the_orm(joined, project):
    from django.db import connection

    from djwire.sync import broadcast_queryset

    task = Task.objects.create(project=project, name="before")
    client = joined(ProjectChannel, project_id=project.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Task._meta.db_table} SET name = %s WHERE id = %s", ["raw", task.pk]
        )
    assert client.nothing()
    broadcast_queryset(Task.objects.filter(pk=task.pk))
    assert client.layers()[("TaskSerializer", task.pk)]["name"] == "raw"


def test_a_save_nobody_watches_makes_no_query_of_djwire(project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    task = Task.objects.create(project=project, name="quiet")
    task.name = "still quiet"
    with CaptureQueriesContext(connection) as queries:
        task.save()
    assert len(queries) == 1  # Django's own UPDATE


def test_each_row_is_serialized_once_whatever_the_number_of_clients(joined, project, monkeypatch):
    from djwire.sync import rows

    task = Task.objects.create(project=project, name="t")
    clients = [joined(ProjectChannel, project_id=project.pk) for _ in range(3)]
    calls = []
    real_flat = rows.flat
    monkeypatch.setattr(
        rows, "flat", lambda layer, row: calls.append(row.pk) or real_flat(layer, row)
    )
    task.name = "seen by three"
    task.save()
    payloads = [client.next() for client in clients]
    assert payloads[0] == payloads[1] == payloads[2]
    assert sorted(calls) == sorted([task.pk, project.pk])  # the task, and the project (open_tasks)
