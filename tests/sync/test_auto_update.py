"""Meta.auto_update: a list channel shows the anchors created after the join that its
is_visible() lets through, first in the list."""

import pytest
from django.db import transaction

from djwire.sync import ContextChannel
from djwire.sync.auto_update import NewAnchors
from djwire.sync.exceptions import ChannelDefinitionError
from djwire.testing import ContextChannelTestClient
from tests.sync.app.channels import (
    NewProjectsChannel,
    NewProjectsDefaultChannel,
    ProjectListChannel,
)
from tests.sync.app.models import Project
from tests.sync.app.serializers import ProjectSerializer

pytestmark = pytest.mark.django_db(transaction=True)


def names(state):
    return [project["name"] for project in state]


def test_a_created_visible_row_arrives_first_in_the_list():
    Project.objects.create(name="old")
    with ContextChannelTestClient(NewProjectsChannel) as client:
        client.connect()
        assert names(client.state) == ["old"]
        Project.objects.create(name="new")
        client.wait_for(lambda state: names(state) == ["new", "old"])
        with transaction.atomic():
            Project.objects.create(name="a")
            Project.objects.create(name="b")
        client.wait_for(lambda state: names(state) == ["b", "a", "new", "old"])


def test_the_new_instance_stays_current():
    with ContextChannelTestClient(NewProjectsChannel) as client:
        client.connect()
        project = Project.objects.create(name="new")
        client.wait_for(lambda state: names(state) == ["new"])
        project.name = "renamed"
        project.save()
        client.wait_for(lambda state: names(state) == ["renamed"])


def test_a_row_is_visible_declines_does_not_arrive():
    with ContextChannelTestClient(NewProjectsChannel) as client:
        client.connect()
        Project.objects.create(name="hidden one")
        # New anchors are offered in order: once the next arrived, the first was declined.
        Project.objects.create(name="shown")
        client.wait_for(lambda state: names(state) == ["shown"])


def test_a_row_created_and_deleted_in_one_transaction_is_not_offered():
    with ContextChannelTestClient(NewProjectsChannel) as client:
        client.connect()
        with transaction.atomic():
            Project.objects.create(name="gone").delete()
            Project.objects.create(name="kept")
        client.wait_for(lambda state: names(state) == ["kept"])


def test_a_rolled_back_row_is_not_offered():
    with ContextChannelTestClient(NewProjectsChannel) as client:
        client.connect()
        with pytest.raises(RuntimeError), transaction.atomic():
            Project.objects.create(name="rolled back")
            raise RuntimeError
        Project.objects.create(name="committed")
        client.wait_for(lambda state: names(state) == ["committed"])


def test_a_channel_without_auto_update_gets_no_new_instance():
    existing = Project.objects.create(name="P")
    with ContextChannelTestClient(ProjectListChannel, prefix="P") as client:
        client.connect()
        Project.objects.create(name="P new")
        existing.name = "P renamed"
        existing.save()
        client.wait_for(lambda state: names(state) == ["P renamed"])
        assert names(client.state) == ["P renamed"]


def test_is_visible_denies_by_default():
    existing = Project.objects.create(name="old")
    with (
        ContextChannelTestClient(NewProjectsDefaultChannel) as hidden,
        ContextChannelTestClient(NewProjectsChannel, socket=hidden.socket) as shown,
    ):
        hidden.connect()
        shown.connect()
        Project.objects.create(name="new")
        shown.wait_for(lambda state: names(state) == ["new", "old"])
        existing.name = "renamed"
        existing.save()
        hidden.wait_for(lambda state: names(state) == ["renamed"])
        assert names(hidden.state) == ["renamed"]


def test_auto_update_needs_a_list_channel():
    with pytest.raises(ChannelDefinitionError, match=r"auto_update needs a list channel"):

        class OneProject(ContextChannel):
            class Meta:
                state = ProjectSerializer()
                auto_update = True


def test_auto_update_must_be_a_bool():
    with pytest.raises(ChannelDefinitionError, match=r"auto_update must be True or False"):

        class Projects(ContextChannel):
            class Meta:
                state = ProjectSerializer(many=True)
                auto_update = "yes"


def test_a_creation_nobody_joined_to_see_does_no_work(django_assert_num_queries):
    with django_assert_num_queries(1):  # the INSERT: no query for the channel after it
        Project.objects.create(name="unseen")
    with ContextChannelTestClient(NewProjectsChannel) as client:
        client.connect()
        Project.objects.create(name="seen")
        client.wait_for(lambda state: names(state) == ["seen", "unseen"])


def test_a_deleted_anchor_leaves_the_connections_anchors_and_is_sent_nothing_more():
    kept = Project.objects.create(name="kept")
    gone = Project.objects.create(name="gone")
    gone_pk = gone.pk
    with ContextChannelTestClient(NewProjectsChannel) as client:
        client.connect()
        assert client.anchor_ids == [kept.pk, gone_pk]
        gone.delete()
        client.wait_for(lambda state: names(state) == ["kept"] and client.anchor_ids == [kept.pk])
        assert client.channel.anchor_ids == [kept.pk]
        # A row published to the deleted anchor no longer reaches its old connection.
        NewProjectsChannel.broadcast_instance(gone_pk, kept)
        assert client.receive_nothing()


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_row_created_while_the_join_starts_is_shown_once(monkeypatch, when):
    # The window: after the join listed its anchors, around when it subscribes to new ones
    # ("before": the creation is not offered; "after": it is offered and listed again).
    subscribe = NewAnchors.subscribe

    async def subscribe_with_a_creation(self):
        if when == "after":
            await subscribe(self)
        await Project.objects.acreate(name="in the window")
        if when == "before":
            await subscribe(self)

    monkeypatch.setattr(NewAnchors, "subscribe", subscribe_with_a_creation)
    Project.objects.create(name="old")
    with ContextChannelTestClient(NewProjectsChannel) as client:
        client.connect()
        monkeypatch.undo()
        client.wait_for(lambda state: sorted(names(state)) == ["in the window", "old"])
        Project.objects.create(name="next")
        client.wait_for(lambda state: names(state)[0] == "next")
        assert sorted(names(client.state)) == ["in the window", "next", "old"]
