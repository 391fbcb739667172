from rest_framework import serializers

from tests.sync.app.models import Comment, Project, Reminder, Tag, Task


class CommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Comment
        fields = ["id", "text"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "name"]


class TaskSerializer(serializers.ModelSerializer):
    comments = CommentSerializer(many=True, read_only=True)
    tags = TagSerializer(many=True, read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)

    class Meta:
        model = Task
        fields = ["id", "name", "done", "comments", "tags", "project_name"]


class ProjectSerializer(serializers.ModelSerializer):
    tasks = TaskSerializer(many=True, read_only=True)
    open_tasks = serializers.IntegerField(read_only=True)

    class Meta:
        model = Project
        fields = ["id", "name", "tasks", "open_tasks"]


class ReminderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reminder
        fields = ["id", "text", "owner"]
        user_key = "owner"


class PrivateProjectSerializer(serializers.ModelSerializer):
    reminders = ReminderSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = ["id", "name", "reminders"]
