"""A project with tasks, their comments and tags: a state three serializers deep."""

from django.db import models

from djwire.sync.decorators import related_property
from djwire.sync.managers import BroadcastManager


class Project(models.Model):
    name = models.CharField(max_length=100)

    @related_property("tasks", "project")
    def open_tasks(self) -> int:
        return sum(1 for task in self.tasks.all() if not task.done)


class Tag(models.Model):
    name = models.CharField(max_length=50)


class Task(models.Model):
    project = models.ForeignKey(Project, related_name="tasks", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    done = models.BooleanField(default=False)
    tags = models.ManyToManyField(Tag, related_name="tasks", blank=True)

    objects = BroadcastManager()

    class Meta:
        ordering = ["pk"]


class Comment(models.Model):
    task = models.ForeignKey(Task, related_name="comments", on_delete=models.CASCADE)
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["pk"]


class Note(models.Model):
    """A model no channel reaches."""

    text = models.CharField(max_length=200)


class Membership(models.Model):
    """Who may join a project's channel (read by MembersChannel.has_permission)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE)
    user = models.ForeignKey("auth.User", on_delete=models.CASCADE)


class Reminder(models.Model):
    """A project's row that only its owner sees (Meta.user_key); no owner: everyone's."""

    project = models.ForeignKey(Project, related_name="reminders", on_delete=models.CASCADE)
    owner = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.CASCADE)
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["pk"]
