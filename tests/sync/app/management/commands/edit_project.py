"""Rename a project and delete one of its tasks: a save made in another process."""

from django.core.management.base import BaseCommand

from tests.sync.app.models import Project, Task


class Command(BaseCommand):
    help = "Rename project <id> to <name> and delete its task named <task>."

    def add_arguments(self, parser):
        parser.add_argument("project_id", type=int)
        parser.add_argument("name")
        parser.add_argument("task")

    def handle(self, *args, **options):
        project = Project.objects.get(pk=options["project_id"])
        project.name = options["name"]
        project.save()
        Task.objects.filter(project=project, name=options["task"]).delete()
