from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.core.management.base import BaseCommand, CommandError

from demo.alerts import push_alert


class Command(BaseCommand):
    help = (
        "Show a banner on every open page of the demo, from this separate process. "
        'An empty text ("") hides it. Reaches other server processes when '
        "DJWIRE_EXAMPLE_REDIS names a Redis server."
    )
    # A push from cron or a deploy script should be quick and not depend on the checks of
    # every view; `manage.py check` is where those belong.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("text")
        parser.add_argument(
            "--celery",
            action="store_true",
            help="queue the Celery task demo.tasks.announce instead of pushing from here",
        )

    def handle(self, *args, text, celery, **options):
        if celery:
            from demo.tasks import announce

            announce.delay(text)
            self.stdout.write("Queued demo.tasks.announce.")
            return
        if isinstance(get_channel_layer(), InMemoryChannelLayer):
            # A push from here would reach no page (djwire would log why): say it once, plainly.
            raise CommandError(
                "Not sent: the in-memory channel layer lives in one process, so a push from "
                "this command reaches no page. Start the servers and this command with "
                "DJWIRE_EXAMPLE_REDIS=redis://127.0.0.1:6379/0 (docs/push.md)."
            )
        views = push_alert(text)
        names = ", ".join(view.__name__ for view in views)
        self.stdout.write(self.style.SUCCESS(f"Pushed to {len(views)} views: {names}"))
