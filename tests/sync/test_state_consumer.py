"""A channel on its own route (``ProjectChannel.as_asgi()``), speaking RxDjango's wire: what a
ported RxDjango client sends and receives."""

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.urls import path

from tests.sync.app.channels import MembersChannel, ProjectChannel, WritableChannel
from tests.sync.app.models import Membership, Project, Task
from tests.sync.app.serializers import ProjectSerializer, TaskSerializer

pytestmark = pytest.mark.django_db(transaction=True)


def application(channel):
    return URLRouter([path("ws/project/<int:project_id>/", channel.as_asgi())])


async def connect(channel, project_id, user=None):
    communicator = WebsocketCommunicator(application(channel), f"/ws/project/{project_id}/")
    communicator.scope["user"] = user or AnonymousUser()
    connected, _ = await communicator.connect()
    assert connected
    return communicator


@pytest.fixture
def project(db):
    project = Project.objects.create(name="P")
    Task.objects.create(project=project, name="write")
    return project


async def initial_state(communicator):
    frames = []
    while True:
        frame = await communicator.receive_json_from(timeout=5)
        frames.append(frame)
        if isinstance(frame, list) and frame[-1].get("_operation") == "end_initial_state":
            return frames


async def test_a_token_first_frame_then_the_state_as_rxdjango_sends_it(project, member_token):
    _, key = member_token
    communicator = await connect(MembersChannel, project.pk)
    await communicator.send_json_to({"token": key, "lastUpdate": None})
    frames = await initial_state(communicator)
    assert frames[0] == {"type": "auth", "statusCode": 200}
    assert frames[1] == {"type": "initialAnchors", "anchorIds": [project.pk]}
    layers = {layer["_instance_type"].rsplit(".", 1)[1]: layer for layer in frames[2]}
    assert layers["ProjectSerializer"]["name"] == "P"
    assert layers["TaskSerializer"]["_operation"] == "initial_state"
    await communicator.disconnect()


async def test_a_refused_token_is_a_401_and_the_socket_closes(project):
    communicator = await connect(MembersChannel, project.pk)
    await communicator.send_json_to({"token": "nope"})
    assert (await communicator.receive_json_from())["statusCode"] == 401
    assert (await communicator.receive_output())["type"] == "websocket.close"


async def test_a_user_without_permission_is_a_403(project, non_member_token):
    key = non_member_token
    communicator = await connect(MembersChannel, project.pk)
    await communicator.send_json_to({"token": key})
    assert (await communicator.receive_json_from())["statusCode"] == 403


async def test_changes_arrive_as_arrays_and_actions_answer_without_closing(project):
    communicator = await connect(ProjectChannel, project.pk)
    await communicator.send_json_to({})  # no token: the session's user (anonymous here)
    await initial_state(communicator)
    await communicator.send_json_to({"callId": 1, "action": "add", "params": [2, "0.5"]})
    assert await communicator.receive_json_from() == {
        "type": "actionResponse",
        "callId": 1,
        "result": {"sum": "2.5", "when": None},
    }
    await communicator.send_json_to({"callId": 2, "action": "not_an_action", "params": []})
    reply = await communicator.receive_json_from()
    assert reply["callId"] == 2 and reply["error"]["code"] == 403
    await communicator.send_json_to({"callId": 3, "action": "add", "params": ["two"]})
    assert (await communicator.receive_json_from())["error"]["code"] == 400
    await communicator.send_json_to({"callId": 4, "action": "fail", "params": []})
    assert (await communicator.receive_json_from())["error"]["code"] == 500
    await communicator.send_json_to({"callId": 6, "action": "refuse", "params": ["Q"]})
    assert (await communicator.receive_json_from())["error"] == {
        "code": 400,
        "message": "Q is taken",
    }
    # Still open: a rename answers, and its save comes as an array of layers.
    await communicator.send_json_to({"callId": 5, "action": "rename", "params": ["Q"]})
    frames = [await communicator.receive_json_from(timeout=5)]
    while not any(isinstance(f, list) for f in frames) or not any(
        isinstance(f, dict) and f.get("type") == "actionResponse" for f in frames
    ):
        frames.append(await communicator.receive_json_from(timeout=5))
    assert {"type": "runtimeVar", "var": "renames", "value": 1} in frames
    (layers,) = [f for f in frames if isinstance(f, list)]
    assert layers[0]["name"] == "Q" and layers[0]["_operation"] == "update"
    await communicator.disconnect()


TASK = f"{TaskSerializer.__module__}.{TaskSerializer.__qualname__}"
PROJECT = f"{ProjectSerializer.__module__}.{ProjectSerializer.__qualname__}"


class Frames:
    """A socket's frames as they come, searched in order (a write's broadcast and its
    writeResponse may come in either order)."""

    def __init__(self, communicator):
        self.communicator = communicator
        self.seen = []

    async def find(self, predicate):
        while True:
            for frame in self.seen:
                if predicate(frame):
                    self.seen.remove(frame)
                    return frame
            self.seen.append(await self.communicator.receive_json_from(timeout=5))

    async def write(self, write_id, operation, **fields):
        """Send RxDjango's write frame; its writeResponse."""
        frame = {"type": "write", "writeId": write_id, "operation": operation, **fields}
        await self.communicator.send_json_to(frame)
        return await self.find(
            lambda f: (
                isinstance(f, dict)
                and f.get("type") == "writeResponse"
                and f["writeId"] == write_id
            )
        )

    async def layer(self, predicate):
        return await self.find(lambda f: isinstance(f, list) and any(map(predicate, f)))


async def joined_writable(project):
    communicator = await connect(WritableChannel, project.pk)
    await communicator.send_json_to({})
    await initial_state(communicator)
    return communicator, Frames(communicator)


async def test_rxdjango_writes_save_create_and_delete_and_are_broadcast(project):
    communicator, frames = await joined_writable(project)
    task = await Task.objects.aget(project=project)
    data = {"name": "via-write"}
    saved = await frames.write(9, "save", instanceType=TASK, instanceId=task.pk, data=data)
    assert saved == {"type": "writeResponse", "writeId": 9, "success": True, "instanceId": task.pk}
    await frames.layer(lambda layer: layer.get("name") == "via-write")
    created = await frames.write(
        10,
        "create",
        instanceType=TASK,
        parentType=PROJECT,
        parentId=project.pk,
        relationName="tasks",
        data={"name": "new"},
    )
    assert created["success"] is True
    new = await Task.objects.aget(pk=created["instanceId"])
    assert new.project_id == project.pk and new.name == "new"
    await frames.layer(lambda layer: layer.get("tasks") == [task.pk, new.pk])
    deleted = await frames.write(11, "delete", instanceType=TASK, instanceId=new.pk)
    assert deleted["success"] is True
    await frames.layer(lambda layer: layer.get("_deleted") and layer["id"] == new.pk)
    assert not await Task.objects.filter(pk=new.pk).aexists()
    await communicator.disconnect()


async def test_refused_writes_answer_with_rxdjangos_codes_and_the_socket_stays_open(project):
    communicator, frames = await joined_writable(project)
    task = await Task.objects.aget(project=project)
    other = await Task.objects.acreate(project=await Project.objects.acreate(name="O"), name="x")

    async def failed(write_id, operation, **fields):
        reply = await frames.write(write_id, operation, **fields)
        assert reply["success"] is False, reply
        return reply["error"]

    invalid = await failed(1, "save", instanceType=TASK, instanceId=task.pk, data={"done": "?"})
    assert invalid["code"] == 400 and list(invalid["errors"]) == ["done"]
    refused = {"name": "forbidden"}  # can_save says no
    denied = await failed(2, "save", instanceType=TASK, instanceId=task.pk, data=refused)
    assert denied["code"] == 403 and "can_save" in denied["message"]
    elsewhere = await failed(3, "save", instanceType=TASK, instanceId=other.pk, data={"name": "y"})
    assert elsewhere["code"] == 404
    assert (await failed(4, "delete", instanceType=PROJECT, instanceId=project.pk))["code"] == 403
    assert (await failed(5, "rename", instanceType=TASK, instanceId=task.pk))["code"] == 400
    wrong_relation = {"parentType": PROJECT, "relationName": "open_tasks", "parentId": project.pk}
    assert (await failed(6, "create", instanceType=TASK, **wrong_relation))["code"] == 400
    assert (await Task.objects.aget(pk=other.pk)).name == "x"
    # The socket is still open and the channel still writes.
    ok = await frames.write(7, "save", instanceType=TASK, instanceId=task.pk, data={})
    assert ok["success"] is True
    await communicator.disconnect()


@pytest.fixture
def member_token(project, member):
    from rest_framework.authtoken.models import Token

    Membership.objects.create(project=project, user=member)
    return member, Token.objects.create(user=member).key


@pytest.fixture
def non_member_token(member):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=member).key
