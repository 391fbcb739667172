"""``Meta.writable``: a browser saves, creates and deletes rows of its channel's state."""

import pytest

from djwire.sync import SAVE, ContextChannel
from djwire.sync.exceptions import ChannelDefinitionError
from djwire.testing import ContextChannelTestClient, EventError
from tests.sync.app.channels import (
    EVENTS,
    DeniedWritesChannel,
    PrivateWritableChannel,
    WritableChannel,
)
from tests.sync.app.models import Comment, Project, Reminder, Task
from tests.sync.app.serializers import (
    CommentSerializer,
    ProjectSerializer,
    ReminderSerializer,
    TagSerializer,
    TaskSerializer,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project():
    project = Project.objects.create(name="P")
    Task.objects.create(project=project, name="T")
    return project


@pytest.fixture
def client(project):
    with ContextChannelTestClient(WritableChannel, project_id=project.pk) as client:
        client.connect()
        yield client


def names(state):
    return [task["name"] for task in state["tasks"]]


def refused(write, *args):
    with pytest.raises(EventError) as error:
        write(*args)
    return error.value


def test_a_save_is_validated_checked_written_and_broadcast_to_every_client(client, project):
    task = project.tasks.get()
    with ContextChannelTestClient(WritableChannel, project_id=project.pk) as other:
        other.connect()
        assert client.save(TaskSerializer, task.pk, {"name": "renamed"}) == task.pk
        for each in (client, other):
            each.wait_for(lambda state: names(state) == ["renamed"])
    task.refresh_from_db()
    assert task.name == "renamed" and not task.done  # a partial update
    assert ("can_save", task.pk, {"name": "renamed"}) in EVENTS


def test_a_create_lands_under_its_parent_and_reaches_the_state(client, project):
    new_id = client.create(TaskSerializer, project.pk, {"name": "new", "done": True})
    client.wait_for(lambda state: names(state) == ["T", "new"])
    created = Task.objects.get(pk=new_id)
    assert created.project_id == project.pk and created.done
    assert ("can_create", project.pk, "new") in EVENTS


def test_a_delete_removes_the_row_from_the_state(client, project):
    task = project.tasks.get()
    client.delete(TaskSerializer, task.pk)
    client.wait_for(lambda state: state["tasks"] == [])
    assert not Task.objects.exists()


def test_invalid_data_is_bad_params_with_the_errors_per_field(client, project):
    task = project.tasks.get()
    error = refused(client.save, TaskSerializer, task.pk, {"name": "x" * 101, "done": "maybe"})
    assert error.code == "bad_params"
    assert set(error.payload["errors"]) == {"name", "done"}
    assert "100 characters" in error.payload["errors"]["name"][0]
    error = refused(client.create, TaskSerializer, project.pk, {})
    assert error.code == "bad_params" and "required" in error.payload["errors"]["name"][0]
    assert refused(client.save, TaskSerializer, task.pk, ["not", "an object"]).code == "bad_params"
    assert refused(client.save, TaskSerializer, "abc", {"name": "a"}).code == "bad_params"
    task.refresh_from_db()
    assert task.name == "T" and Task.objects.count() == 1
    # The socket stays open: the next write goes through.
    assert client.save(TaskSerializer, task.pk, {"name": "ok"}) == task.pk


def test_can_save_can_create_and_can_delete_refuse_with_forbidden(client, project):
    task = project.tasks.get()
    assert refused(client.save, TaskSerializer, task.pk, {"name": "forbidden"}).code == "forbidden"
    assert refused(client.create, TaskSerializer, project.pk, {"name": "forbidden"}).code == (
        "forbidden"
    )
    Task.objects.filter(pk=task.pk).update(done=True)
    assert refused(client.delete, TaskSerializer, task.pk).code == "forbidden"
    task.refresh_from_db()
    assert task.name == "T" and Task.objects.count() == 1


def test_writes_are_denied_by_default(project):
    task = project.tasks.get()
    with ContextChannelTestClient(DeniedWritesChannel, project_id=project.pk) as client:
        client.connect()
        for write, args in [
            (client.save, (TaskSerializer, task.pk, {"name": "x"})),
            (client.create, (TaskSerializer, project.pk, {"name": "x"})),
            (client.delete, (TaskSerializer, task.pk)),
        ]:
            error = refused(write, *args)
            assert error.code == "forbidden" and "denied unless" in error.reason
        assert client.receive_nothing()
    task.refresh_from_db()
    assert task.name == "T" and Task.objects.count() == 1


def test_what_meta_writable_does_not_allow_is_forbidden(client, project):
    comment = Comment.objects.create(task=project.tasks.get(), text="c")
    assert refused(client.delete, CommentSerializer, comment.pk).code == "forbidden"
    assert refused(client.save, ProjectSerializer, project.pk, {"name": "x"}).code == "forbidden"
    assert refused(client.save, TagSerializer, 1, {"name": "x"}).code == "forbidden"
    assert refused(client.save, "no.such.Serializer", 1, {}).code == "forbidden"
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_row_of_another_anchor_is_never_written(client):
    elsewhere = Project.objects.create(name="other")
    foreign = Task.objects.create(project=elsewhere, name="theirs")
    assert refused(client.save, TaskSerializer, foreign.pk, {"name": "x"}).code == "not_found"
    assert refused(client.delete, TaskSerializer, foreign.pk).code == "not_found"
    error = refused(client.create, TaskSerializer, elsewhere.pk, {"name": "x"})
    assert error.code == "not_found"
    assert refused(client.save, TaskSerializer, 10**6, {"name": "x"}).code == "not_found"
    foreign.refresh_from_db()
    assert foreign.name == "theirs" and elsewhere.tasks.count() == 1


def test_a_created_row_of_a_user_key_serializer_is_its_creators(member, django_user_model):
    other = django_user_model.objects.create_user("other", password="x")
    project = Project.objects.create(name="P")
    theirs = Reminder.objects.create(project=project, owner=other, text="theirs")
    with ContextChannelTestClient(
        PrivateWritableChannel, user=member, project_id=project.pk
    ) as client:
        client.connect()
        # Another user's row is not in this user's state: not found, not written.
        error = refused(client.save, ReminderSerializer, theirs.pk, {"text": "x"})
        assert error.code == "not_found"
        # The owner the client sends is ignored: the row is its creator's.
        new_id = client.create(ReminderSerializer, project.pk, {"text": "mine", "owner": other.pk})
        assert Reminder.objects.get(pk=new_id).owner == member
        client.wait_for(lambda state: [r["text"] for r in state["reminders"]] == ["mine"])
        client.save(ReminderSerializer, new_id, {"text": "still mine", "owner": other.pk})
        assert Reminder.objects.get(pk=new_id).owner == member
    theirs.refresh_from_db()
    assert theirs.text == "theirs"


@pytest.mark.parametrize(
    ("writable", "message"),
    [
        ([TaskSerializer], "must be a dict"),
        ({TaskSerializer(): [SAVE]}, "keys of Meta.writable are serializer classes"),
        ({ReminderSerializer: [SAVE]}, "ReminderSerializer, which is not a serializer of"),
        ({TaskSerializer: ["rename"]}, r"must be a list of djwire.sync.SAVE"),
    ],
)
def test_a_wrong_meta_writable_is_refused_when_the_class_is_defined(writable, message):
    meta = type("Meta", (), {"state": ProjectSerializer(), "writable": writable})
    with pytest.raises(ChannelDefinitionError, match=message):
        type("Broken", (ContextChannel,), {"Meta": meta, "__module__": __name__})
