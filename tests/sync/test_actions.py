"""Actions, consumers, runtime variables and notifications of a joined channel."""

import pytest
from channels.layers import get_channel_layer

from djwire.sync import ContextChannel, action, consumer
from djwire.sync.exceptions import ActionNotAsync
from djwire.testing import ContextChannelTestClient, EventError
from tests.sync.app.channels import ProjectChannel, SubProjectChannel
from tests.sync.app.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client():
    project = Project.objects.create(name="P")
    with ContextChannelTestClient(ProjectChannel, project_id=project.pk) as client:
        client.connect()
        yield client


def test_an_action_returns_its_result_with_params_converted(client):
    assert client.call("add", 2, b="0.5") == {"sum": "2.5", "when": None}
    assert client.call("add", "3", when="2024-05-01") == {"sum": "3", "when": "2024-05-01"}


def test_an_action_that_saves_reaches_the_state_and_sets_a_runtime_var(client):
    assert client.call("rename", "Q") == {"renamed": "Q", "renames": 1}
    client.wait_for(lambda state: state["name"] == "Q")
    assert client.runtime_state == {"renames": 1}


@pytest.mark.parametrize(
    ("call", "code", "reason"),
    [
        (("add", "two"), "bad_params", "parameter 'a': expected int"),
        (("add",), "bad_params", "missing parameter 'a'"),
        (("add", 1, 2, 3, 4), "bad_params", "takes 3 positional params, 4 were given"),
        (("fail",), "handler_error", "fail raised ValueError"),
        # ActionError: a refusal written for the user, its message as the reason.
        (("refuse", "Q"), "refused", "Q is taken"),
        (("not_an_action",), "unknown_handler", "no @action named"),
        (("nothing_by_that_name",), "unknown_handler", "no @action named"),
        (("_connected",), "unknown_handler", "private"),
    ],
)
def test_a_bad_call_is_an_error_reply_and_the_socket_stays_open(client, call, code, reason):
    with pytest.raises(EventError) as refused:
        client.call(*call)
    assert refused.value.code == code
    assert reason in refused.value.reason
    assert client.call("add", 1) == {"sum": "1", "when": None}


def test_a_sync_action_is_refused_when_the_class_is_defined():
    with pytest.raises(ActionNotAsync, match=r"@action .*Broken\.rename must be `async def`"):

        class Broken(ContextChannel):
            class Meta:
                abstract = True

            @action
            def rename(self, name: str):
                pass


def test_send_reaches_this_connection_only():
    project = Project.objects.create(name="P")
    with (
        ContextChannelTestClient(ProjectChannel, project_id=project.pk) as one,
        ContextChannelTestClient(ProjectChannel, project_id=project.pk) as other,
    ):
        one.connect()
        other.connect()
        one.call("ping_me", "hi")
        assert one.notifications == [{"pong": "hi"}]
        assert other.receive_nothing() and other.notifications == []


@pytest.mark.parametrize("channel", [ProjectChannel, SubProjectChannel])
def test_a_consumer_receives_group_events_and_sets_a_runtime_var(channel):
    # ProjectChannel.on_connect adds the connection to "project-<id>"; the subclass inherits
    # the @consumer (RxDjango's metaclass dropped it).
    project = Project.objects.create(name="P")
    with ContextChannelTestClient(channel, project_id=project.pk) as client:
        client.connect()

        async def send():
            await get_channel_layer().group_send(
                f"project-{project.pk}", {"type": "project.message", "text": "hello"}
            )

        client.socket.loop.run(send())
        client.wait_for(lambda state: client.runtime_state.get("last_message") == "hello")


def test_an_undeclared_runtime_var_is_refused_naming_the_fix(client):
    with pytest.raises(KeyError, match="RuntimeState declares no 'colour'"):
        client.channel.set_runtime_var("colour", "red")


def test_broadcast_notification_reaches_the_anchor_or_one_user(client, member):
    ProjectChannel.broadcast_notification(client.anchor_ids[0], {"kind": "hello"})
    client.wait_for(lambda state: client.notifications == [{"kind": "hello"}])
    ProjectChannel.broadcast_notification(client.anchor_ids[0], {"kind": "x"}, user_id=member.pk)
    assert client.receive_nothing(0.2)


def test_broadcast_instance_sends_a_row_the_signals_did_not_see(client):
    project = Project.objects.get(pk=client.anchor_ids[0])
    Project.objects.filter(pk=project.pk).update(name="raw")  # no signal, no BroadcastManager
    assert client.receive_nothing(0.2)
    project.refresh_from_db()
    ProjectChannel.broadcast_instance(project.pk, project)
    client.wait_for(lambda state: state["name"] == "raw")


def test_a_consumer_must_be_async():
    with pytest.raises(ActionNotAsync, match="must be `async def`"):

        @consumer("x.y")
        def handler(self, event):
            pass
