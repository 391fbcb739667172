"""The serializer tree: every model reachable, how a row maps back, untracked properties refused."""

import pytest
from django.db import models
from rest_framework import serializers

from djwire.sync.exceptions import ChannelDefinitionError, UnknownProperty
from djwire.sync.tree import StateTree
from tests.sync.app.models import Comment, Project, Tag, Task
from tests.sync.app.serializers import ProjectSerializer


def test_the_tree_knows_every_model_and_its_path_from_the_anchor():
    tree = StateTree("t", ProjectSerializer())
    paths = {layer.model: (layer.from_anchor, layer.from_parent) for layer in tree.layers}
    assert paths == {
        Project: (None, None),
        Task: ("tasks", "tasks"),
        Comment: ("tasks__comments", "comments"),
        Tag: ("tasks__tags", "tags"),
    }
    assert not tree.many and tree.anchor_model is Project
    assert StateTree("t", ProjectSerializer(many=True)).many


def test_plain_fields_that_read_other_rows_are_dependencies():
    tree = StateTree("t", ProjectSerializer())
    found = {(d.model, d.layer.model, d.path) for d in tree.dependencies}
    # TaskSerializer.project_name reads project.name; Project.open_tasks is a
    # @related_property over tasks.
    assert found == {(Project, Task, "project"), (Task, Project, "tasks")}


class Plain(models.Model):
    name = models.CharField(max_length=10)

    @property
    def shout(self):
        return self.name.upper()

    class Meta:
        app_label = "syncapp"


def test_an_untracked_property_is_refused_naming_the_field():
    class PlainSerializer(serializers.ModelSerializer):
        shout = serializers.CharField(read_only=True)

        class Meta:
            model = Plain
            fields = ["id", "shout"]

    with pytest.raises(
        UnknownProperty, match=r"PlainSerializer\.shout .*Plain\.shout.*@related_property"
    ):
        StateTree("t", PlainSerializer())


def test_a_nested_serializer_of_another_model_is_refused():
    class CommentsAsTasks(serializers.ModelSerializer):
        class Meta:
            model = Comment
            fields = ["id"]

    class Bad(serializers.ModelSerializer):
        tasks = CommentsAsTasks(many=True, read_only=True)

        class Meta:
            model = Project
            fields = ["id", "tasks"]

    with pytest.raises(
        ChannelDefinitionError, match="holds Task rows, but its serializer is for Comment"
    ):
        StateTree("t", Bad())


def test_the_state_must_be_a_model_serializer_instance():
    with pytest.raises(ChannelDefinitionError, match="ModelSerializer instance"):
        StateTree("t", serializers.Serializer())
