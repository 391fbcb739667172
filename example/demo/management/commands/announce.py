from django.core.management.base import BaseCommand

from djwire.signals.tasks import BROADCAST, trigger


class Command(BaseCommand):
    help = (
        "Show an announcement on every open chat window (the html.text signal to BROADCAST), "
        "from this separate process. Reaches the server when both share a Redis server "
        "(DJWIRE_EXAMPLE_REDIS)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("text")

    def handle(self, *args, text, **options):
        trigger(None, "html.text", to=[BROADCAST], selector="#announcement", content=text)
        trigger(
            None, "html.remove_attr", to=[BROADCAST], selector="#announcement", attr_name="hidden"
        )
        self.stdout.write("Announced.")
