"""Create a project: a new anchor made in another process."""

from django.core.management.base import BaseCommand

from tests.sync.app.models import Project


class Command(BaseCommand):
    help = "Create a project named <name>."

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, **options):
        Project.objects.create(name=options["name"])
