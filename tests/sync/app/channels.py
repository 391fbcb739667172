import datetime
import decimal
from typing import TypedDict

from channels.db import database_sync_to_async

from djwire.sync import CREATE, DELETE, SAVE, ActionError, ContextChannel, action, consumer
from tests.sync.app.models import Membership, Project
from tests.sync.app.serializers import (
    CommentSerializer,
    PrivateProjectSerializer,
    ProjectSerializer,
    ReminderSerializer,
    TaskSerializer,
)

# What the channels' hooks saw, for the tests to read.
EVENTS: list[tuple] = []


class ProjectChannel(ContextChannel):
    class Meta:
        state = ProjectSerializer()

    class RuntimeState(TypedDict):
        last_message: str
        renames: int

    @staticmethod
    def has_permission(user, **kwargs):
        return True

    async def on_connect(self, tstamp):
        EVENTS.append(("connect", self.anchor_ids[0], tstamp))
        await self.group_add(f"project-{self.anchor_ids[0]}")

    async def on_disconnect(self):
        EVENTS.append(("disconnect", self.anchor_ids[0]))

    @action
    async def rename(self, name: str) -> dict:
        await database_sync_to_async(self._rename)(name)
        renames = self.runtime_state.get("renames", 0) + 1
        await self.set_runtime_var("renames", renames)
        return {"renamed": name, "renames": renames}

    def _rename(self, name):
        project = Project.objects.get(pk=self.anchor_ids[0])
        project.name = name
        project.save()

    @action
    async def add(
        self, a: int, b: decimal.Decimal = decimal.Decimal(0), when: datetime.date | None = None
    ):
        return {"sum": a + b, "when": when}

    @action
    async def fail(self):
        raise ValueError("the action failed")

    @action
    async def refuse(self, name: str):
        raise ActionError(f"{name} is taken")

    @action
    async def ping_me(self, text: str):
        await self.send({"pong": text})

    async def not_an_action(self):
        return "secret"

    @consumer("project.message")
    async def message(self, event):
        self.set_runtime_var("last_message", event["text"])  # the plain (sync) form


class SubProjectChannel(ProjectChannel):
    """Inherits ProjectChannel's @consumer (RxDjango dropped them in subclasses)."""

    class Meta:
        state = ProjectSerializer()


class ProjectListChannel(ContextChannel):
    class Meta:
        state = ProjectSerializer(many=True)

    @staticmethod
    def has_permission(user, **kwargs):
        return True

    async def list_instances(self, **kwargs):
        return Project.objects.filter(name__startswith=kwargs.get("prefix", ""))

    @action
    async def show(self, project_id: int, first: bool = False):
        await self.add_instance(project_id, at_beginning=first)

    @action
    async def hide(self, project_id: int):
        await self.remove_instance(project_id)

    @action
    async def hide_all(self):
        await self.clear()


class NewProjectsDefaultChannel(ContextChannel):
    """auto_update without is_visible: nothing new is shown."""

    class Meta:
        state = ProjectSerializer(many=True)
        auto_update = True

    @staticmethod
    def has_permission(user, **kwargs):
        return True

    async def list_instances(self, **kwargs):
        return Project.objects.all()


class NewProjectsChannel(NewProjectsDefaultChannel):
    """Shows the projects created after the join, but those named "hidden..."."""

    class Meta:
        state = ProjectSerializer(many=True)
        auto_update = True

    def is_visible(self, instance_id):
        # A plain def that queries: run off the event loop.
        return not Project.objects.get(pk=instance_id).name.startswith("hidden")


class MembersChannel(ContextChannel):
    """Only the project's members may join: checked on every join."""

    class Meta:
        state = ProjectSerializer()

    @staticmethod
    def has_permission(user, **kwargs):
        return (
            user.is_authenticated
            and Membership.objects.filter(project_id=kwargs["project_id"], user=user).exists()
        )


class PrivateChannel(ContextChannel):
    """Reminders with an owner reach that user only."""

    class Meta:
        state = PrivateProjectSerializer()

    @staticmethod
    def has_permission(user, **kwargs):
        return True


class ClosedChannel(ContextChannel):
    """Forgets has_permission: check djwire.C001 warns, and nobody may join."""

    class Meta:
        state = ProjectSerializer()


class WritableChannel(ContextChannel):
    """A browser may rename, add and delete tasks, and edit comments, within its project."""

    class Meta:
        state = ProjectSerializer()
        writable = {TaskSerializer: [SAVE, CREATE, DELETE], CommentSerializer: [SAVE]}

    @staticmethod
    def has_permission(user, **kwargs):
        return True

    def can_save(self, user, instance, data):
        EVENTS.append(("can_save", instance.pk, dict(data)))
        return data.get("name") != "forbidden"

    def can_create(self, user, data):
        EVENTS.append(("can_create", data["project"].pk, data["name"]))
        return data["name"] != "forbidden"

    def can_delete(self, user, instance):
        return not instance.done


class DeniedWritesChannel(ContextChannel):
    """Declares writable serializers but no can_*: every write is refused."""

    class Meta:
        state = ProjectSerializer()
        writable = {TaskSerializer: [SAVE, CREATE, DELETE]}

    @staticmethod
    def has_permission(user, **kwargs):
        return True


class PrivateWritableChannel(ContextChannel):
    """Reminders a user may write: only their own or everyone's."""

    class Meta:
        state = PrivateProjectSerializer()
        writable = {ReminderSerializer: [SAVE, CREATE]}

    @staticmethod
    def has_permission(user, **kwargs):
        return True

    def can_save(self, user, instance, data):
        return True

    def can_create(self, user, data):
        return True
