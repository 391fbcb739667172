from djwire.sync import ContextChannel
from tests.sync.app.models import Project
from tests.sync.app.serializers import ProjectSerializer


class ProjectChannel(ContextChannel):
    class Meta:
        state = ProjectSerializer()

    @staticmethod
    def has_permission(user, **kwargs):
        return True


class ProjectListChannel(ContextChannel):
    class Meta:
        state = ProjectSerializer(many=True)

    @staticmethod
    def has_permission(user, **kwargs):
        return True

    async def list_instances(self, **kwargs):
        return Project.objects.filter(name__startswith=kwargs.get("prefix", ""))


class ClosedChannel(ContextChannel):
    """Forgets has_permission: check djwire.C001 warns, and nobody may join."""

    class Meta:
        state = ProjectSerializer()
