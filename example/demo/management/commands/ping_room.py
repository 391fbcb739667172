from django.core.management.base import BaseCommand

from djwire.signals.tasks import SERVER, trigger


class Command(BaseCommand):
    help = (
        "Trigger the server signal demo.ping, which shows a message in every window of a chat "
        "room: it runs in the signal workers (DJWIRE_EXAMPLE_SIGNAL_WORKERS), not here, unless "
        "they are threads."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("room")
        parser.add_argument("--text", default="ping")

    def handle(self, *args, room, text, **options):
        trigger(None, "demo.ping", to=[SERVER], room=room, text=text)
        self.stdout.write(f"Pinged {room}.")
