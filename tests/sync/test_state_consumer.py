"""A channel on its own route (``ProjectChannel.as_asgi()``), speaking RxDjango's wire: what a
ported RxDjango client sends and receives."""

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.urls import path

from tests.sync.app.channels import MembersChannel, ProjectChannel
from tests.sync.app.models import Membership, Project, Task

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


@pytest.fixture
def member_token(project, member):
    from rest_framework.authtoken.models import Token

    Membership.objects.create(project=project, user=member)
    return member, Token.objects.create(user=member).key


@pytest.fixture
def non_member_token(member):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=member).key
