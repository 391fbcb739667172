"""Serializer ``Meta.user_key``: a row with an owner reaches that user only."""

import pytest
from rest_framework import serializers

from djwire.sync import ContextChannel
from djwire.sync.exceptions import ChannelDefinitionError
from djwire.testing import ContextChannelTestClient
from tests.sync.app.channels import PrivateChannel
from tests.sync.app.models import Project, Reminder

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def other(django_user_model):
    return django_user_model.objects.create_user("other", password="x")


def texts(state):
    return sorted(reminder["text"] for reminder in state["reminders"])


def test_rows_with_an_owner_reach_that_user_only(member, other):
    project = Project.objects.create(name="P")
    Reminder.objects.create(project=project, owner=member, text="member's")
    Reminder.objects.create(project=project, owner=None, text="everyone's")
    with (
        ContextChannelTestClient(PrivateChannel, user=member, project_id=project.pk) as mine,
        ContextChannelTestClient(PrivateChannel, user=other, project_id=project.pk) as theirs,
        ContextChannelTestClient(PrivateChannel, project_id=project.pk) as anonymous,
    ):
        for client in (mine, theirs, anonymous):
            client.connect()
        assert texts(mine.state) == ["everyone's", "member's"]
        assert texts(theirs.state) == texts(anonymous.state) == ["everyone's"]
        # Live: a new row of the other user reaches them, not the member.
        Reminder.objects.create(project=project, owner=other, text="other's")
        theirs.wait_for(lambda state: texts(state) == ["everyone's", "other's"])
        # The member gets the project's new list of ids, not the row.
        key = ("tests.sync.app.serializers.PrivateProjectSerializer", project.pk)
        mine.wait_for(lambda state: len(mine.layers[key]["reminders"]) == 3)
        assert texts(mine.state) == ["everyone's", "member's"]
        assert not any("other's" in str(layer) for layer in mine.layers.values())
        assert not any("other's" in str(layer) for layer in anonymous.layers.values())


def test_a_user_key_that_is_not_a_field_is_refused():
    class Keyed(serializers.ModelSerializer):
        class Meta:
            model = Reminder
            fields = ["id", "text"]
            user_key = "owner"

    with pytest.raises(ChannelDefinitionError, match="user_key is 'owner', which is not one"):

        class Broken(ContextChannel):
            class Meta:
                state = Keyed()
