"""Joining a channel on the page's socket: the token, who joins, the snapshot, the watched
anchors, and the state staying current."""

import pytest
from django.contrib.auth.models import AnonymousUser

from djwire.sync import watching
from djwire.testing import ContextChannelTestClient, JoinError, SocketTestClient
from tests.sync.app.channels import (
    EVENTS,
    ClosedChannel,
    MembersChannel,
    ProjectChannel,
    ProjectListChannel,
)
from tests.sync.app.models import Comment, Membership, Project, Task

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project():
    project = Project.objects.create(name="P")
    task = Task.objects.create(project=project, name="write")
    Comment.objects.create(task=task, text="first")
    return project


def test_the_join_sends_the_state_as_the_serializer_nests_it(project):
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk) as client:
        client.connect()
        task = project.tasks.get()
        assert client.state["name"] == "P"
        assert client.state["tasks"][0]["name"] == "write"
        assert client.state["tasks"][0]["comments"][0]["text"] == "first"
        assert client.resets == 1
        # Flat layers with versions, as the broadcast sends them.
        layer = client.layers[("tests.sync.app.serializers.TaskSerializer", task.pk)]
        assert layer["_operation"] == "initial_state" and layer["comments"] == [
            task.comments.get().pk
        ]
        assert isinstance(layer["_tstamp"], int)


def test_the_join_reply_says_how_the_layers_nest(project):
    # A browser has no serializers: the shape is how it rebuilds the nested state.
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk) as client:
        reply = client.connect()
    serializers = "tests.sync.app.serializers"
    assert reply["s"]["root"] == f"{serializers}.ProjectSerializer"
    assert reply["s"]["many"] is False
    assert reply["s"]["nested"][f"{serializers}.ProjectSerializer"] == {
        "tasks": [f"{serializers}.TaskSerializer", True]
    }
    assert reply["s"]["nested"][f"{serializers}.CommentSerializer"] == {}


def test_a_save_after_the_join_reaches_the_client(project):
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk) as client:
        client.connect()
        task = project.tasks.get()
        task.name = "write more"
        task.save()
        client.wait_for(lambda state: state["tasks"][0]["name"] == "write more")
        task.comments.all().delete()
        client.wait_for(lambda state: state["tasks"][0]["comments"] == [])
        Task.objects.filter(pk=task.pk).delete()
        client.wait_for(lambda state: state["tasks"] == [])


def test_the_anchor_is_watched_while_joined_and_not_after(project):
    client = ContextChannelTestClient(ProjectChannel, project_id=project.pk)
    client.connect()
    assert watching.has_watchers(ProjectChannel.name)
    assert str(project.pk) in watching.watched(ProjectChannel.name)
    client.disconnect()
    assert str(project.pk) not in watching.watched(ProjectChannel.name)
    client.close()


def test_a_socket_closed_without_leaving_unwatches_its_anchors(project):
    client = ContextChannelTestClient(ProjectChannel, project_id=project.pk)
    client.connect()
    client.socket.loop.run(client.socket.client.close())  # the tab closes: no leave frame
    assert str(project.pk) not in watching.watched(ProjectChannel.name)
    client.close()


def test_on_connect_and_on_disconnect_are_called(project):
    EVENTS.clear()
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk) as client:
        client.connect()
        assert [("connect", project.pk, None)] == EVENTS
    assert EVENTS[-1] == ("disconnect", project.pk)


def test_a_channel_without_has_permission_refuses_everyone(project, member):
    with ContextChannelTestClient(ClosedChannel, project_id=project.pk) as client:
        with pytest.raises(JoinError) as refused:
            client.connect()
        assert refused.value.code == "login_required"
    with ContextChannelTestClient(ClosedChannel, user=member, project_id=project.pk) as client:
        with pytest.raises(JoinError) as refused:
            client.connect()
        assert refused.value.code == "forbidden"


def test_permission_is_checked_again_on_every_join(project, member):
    membership = Membership.objects.create(project=project, user=member)
    with ContextChannelTestClient(MembersChannel, user=member, project_id=project.pk) as client:
        client.connect()
        assert client.state["name"] == "P"
        membership.delete()
        with pytest.raises(JoinError) as refused:
            client.reconnect()
        assert refused.value.code == "forbidden"


def test_a_refused_join_leaves_the_socket_usable_for_other_joins(project):
    with SocketTestClient() as socket:
        closed = ContextChannelTestClient(ClosedChannel, socket=socket, project_id=project.pk)
        with pytest.raises(JoinError):
            closed.connect()
        open_ = ContextChannelTestClient(ProjectChannel, socket=socket, project_id=project.pk)
        open_.connect()
        assert open_.state["name"] == "P"
        open_.close()  # its reader stops before the shared socket's loop does


def test_a_missing_instance_is_not_found(project):
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk + 100) as client:
        with pytest.raises(JoinError) as refused:
            client.connect()
        assert refused.value.code == "not_found"


def test_a_forged_or_foreign_token_is_refused(project):
    with SocketTestClient() as socket:
        error = socket.join("sync:1", {"token": "forged"}, expect_error=True)
        assert error["code"] == "bad_token"
    # A token signed for another session (another browser's page) is refused too.
    other = ContextChannelTestClient(ProjectChannel, project_id=project.pk)
    token = other.client._sign()
    other.close()
    with SocketTestClient() as socket:
        error = socket.join("sync:1", {"token": token}, expect_error=True)
        assert error["code"] == "stale_session"


def test_a_drf_token_names_the_user(project, member):
    from rest_framework.authtoken.models import Token

    Membership.objects.create(project=project, user=member)
    key = Token.objects.create(user=member).key
    with ContextChannelTestClient(MembersChannel, auth=key, project_id=project.pk) as client:
        client.connect()
        assert client.state["name"] == "P"
    with ContextChannelTestClient(MembersChannel, auth="wrong", project_id=project.pk) as client:
        with pytest.raises(JoinError) as refused:
            client.connect()
        assert refused.value.code == "unauthorized"


def jwt_like(scope, credential):
    """An authenticator of the project's: 'user:<name>' names a user."""
    from django.contrib.auth.models import User

    if isinstance(credential, str) and credential.startswith("user:"):
        return User.objects.filter(username=credential[5:]).first()
    return None


def test_the_authenticator_is_pluggable(project, member, settings):
    settings.DJWIRE = {**settings.DJWIRE, "sync_authenticator": f"{__name__}.jwt_like"}
    Membership.objects.create(project=project, user=member)
    with ContextChannelTestClient(MembersChannel, auth="user:member", project_id=project.pk) as c:
        c.connect()
        assert c.state["name"] == "P"
    assert isinstance(c.client.user, AnonymousUser)  # the session's user was not used


def test_a_list_channel_joins_its_instances_and_adds_and_removes_them(project):
    other = Project.objects.create(name="Q")
    with ContextChannelTestClient(ProjectListChannel, prefix="P") as client:
        client.connect()
        assert [p["name"] for p in client.state] == ["P"]
        client.call("show", other.pk, first=True)
        client.wait_for(lambda state: [p["name"] for p in state] == ["Q", "P"])
        other.name = "Q2"
        other.save()
        client.wait_for(lambda state: state[0]["name"] == "Q2")
        client.call("hide", project.pk)
        client.wait_for(lambda state: [p["name"] for p in state] == ["Q2"])
        assert str(project.pk) not in watching.watched(ProjectListChannel.name)
        client.call("hide_all")
        client.wait_for(lambda state: state == [])
