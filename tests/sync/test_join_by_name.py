"""Joining a channel by its name and URL kwargs, as a front end no Django page served does:
only registered channels, ``has_permission`` the gate on every join, the user from the
session or a credential."""

import pytest

from djwire.testing import SocketTestClient
from tests.sync.app.channels import ClosedChannel, MembersChannel, ProjectChannel
from tests.sync.app.models import Membership, Project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project():
    return Project.objects.create(name="P")


def by_name(channel, **kwargs):
    return {"channel": channel.name, "kwargs": kwargs}


def test_a_named_join_gets_the_state_without_a_token(project):
    with SocketTestClient() as socket:
        reply = socket.join("sync:1", by_name(ProjectChannel, project_id=project.pk))
        _, _, event, payload = socket.receive("sync:1")
    assert reply["s"]["many"] is False
    # Nothing to refresh: the client joins again by name.
    assert "tk" not in reply
    assert event == "instances" and payload["i"][0]["name"] == "P"


def test_a_string_kwarg_names_the_same_instance(project):
    # A front end may only have the id as a string (from its own URL).
    with SocketTestClient() as socket:
        socket.join("sync:1", by_name(ProjectChannel, project_id=str(project.pk)))
        assert socket.receive("sync:1")[3]["a"] == [project.pk]


def test_has_permission_is_the_gate_and_denies_by_default(project, member):
    with SocketTestClient() as socket:
        error = socket.join(
            "sync:1", by_name(ClosedChannel, project_id=project.pk), expect_error=True
        )
        assert error["code"] == "login_required"
    with SocketTestClient(user=member) as socket:
        error = socket.join(
            "sync:1", by_name(ClosedChannel, project_id=project.pk), expect_error=True
        )
        assert error["code"] == "forbidden"


def test_the_session_user_joins_and_is_checked_again_on_every_join(project, member):
    membership = Membership.objects.create(project=project, user=member)
    join = by_name(MembersChannel, project_id=project.pk)
    with SocketTestClient(user=member) as socket:
        socket.join("sync:1", join)
        socket.leave("sync:1")
        membership.delete()
        error = socket.join("sync:2", join, expect_error=True)
        assert error["code"] == "forbidden"


def test_a_drf_token_in_the_join_names_the_user(project, member):
    from rest_framework.authtoken.models import Token

    Membership.objects.create(project=project, user=member)
    key = Token.objects.create(user=member).key
    join = by_name(MembersChannel, project_id=project.pk)
    with SocketTestClient() as socket:
        socket.join("sync:1", {**join, "auth": key})
        error = socket.join("sync:2", {**join, "auth": "wrong"}, expect_error=True)
        assert error["code"] == "unauthorized"


def test_only_a_registered_channel_can_be_named(project):
    with SocketTestClient() as socket:
        for name in ["tests.sync.app.channels.ProjectChannel", "os_system", 7]:
            error = socket.join("sync:1", {"channel": name, "kwargs": {}}, expect_error=True)
            assert error["code"] == "not_found"
            assert "no channel is named" in error["reason"]


def test_a_missing_instance_is_not_found(project):
    with SocketTestClient() as socket:
        join = by_name(ProjectChannel, project_id=project.pk + 100)
        assert socket.join("sync:1", join, expect_error=True)["code"] == "not_found"


@pytest.mark.parametrize(
    "kwargs", [["project_id", 1], {"project_id": {"in": [1]}}, {"project_id": True}]
)
def test_kwargs_that_no_url_gives_are_bad_params(project, kwargs):
    with SocketTestClient() as socket:
        join = {"channel": ProjectChannel.name, "kwargs": kwargs}
        error = socket.join("sync:1", join, expect_error=True)
    assert error["code"] == "bad_params" and "URL kwargs" in error["reason"]


def test_a_token_and_a_name_together_are_refused(project):
    with SocketTestClient() as socket:
        join = {**by_name(ProjectChannel, project_id=project.pk), "token": "x"}
        error = socket.join("sync:1", join, expect_error=True)
    assert error["code"] == "bad_params" and "not both" in error["reason"]
