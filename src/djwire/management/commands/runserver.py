"""``manage.py runserver [--makefrontend]``: daphne's runserver (WebSockets served), which with
``--makefrontend`` writes the front end's generated files (``makefrontend``) at startup and
again at every autoreload, so they follow each save of a ``channels.py`` or a serializer.

Django takes a command from the first app in ``INSTALLED_APPS`` that has it: list ``"djwire"``
before ``"daphne"`` for this one (djwire.S003 accepts either first)."""

from __future__ import annotations

from typing import Any

from daphne.management.commands.runserver import (  # type: ignore[import-untyped]
    Command as DaphneRunserver,
)
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser


class Command(DaphneRunserver):  # type: ignore[misc]
    help = (
        "daphne's runserver (HTTP and WebSockets); --makefrontend: regenerate the front end's "
        "TypeScript (manage.py makefrontend) at startup and at every autoreload."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--makefrontend",
            action="store_true",
            help="run makefrontend at startup and after every autoreload (a changed "
            "channels.py or serializer restarts the server, and the files are written again)",
        )

    def inner_run(self, *args: Any, **options: Any) -> None:
        # The autoreloader runs inner_run in a fresh process at each reload: here is "every
        # autoreload", with the changed modules imported anew.
        if options.get("makefrontend"):
            self.make_frontend()
        super().inner_run(*args, **options)

    def make_frontend(self) -> None:
        """Write the generated files; an error is printed and the server starts anyway, so
        that fixing the channel (a save, hence a reload) writes them."""
        try:
            call_command("makefrontend", quiet=True, stdout=self.stdout, stderr=self.stderr)
        except CommandError as error:
            self.stderr.write(f"makefrontend: {error} (fix it and save: the reload retries)")
