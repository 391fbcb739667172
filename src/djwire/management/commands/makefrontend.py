"""``manage.py makefrontend``: TypeScript types and channel classes for the routed channels."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Write <frontend_dir>/<app>/<app>.interfaces.d.ts and <app>.channels.ts for every "
        "routed ContextChannel (DJWIRE['frontend_dir'], or RX_FRONTEND_DIR), and print the "
        "diff. --check: exit 1 with the diff when the files are out of date (for CI)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; exit 1 and print the diff when a file is out of date",
        )
        parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
        parser.add_argument(
            "-f",
            "--force",
            action="store_true",
            help="write every file, unchanged ones too, and overwrite files makefrontend "
            "did not write",
        )
        parser.add_argument("--quiet", action="store_true", help="print no diff")

    def handle(self, *args: Any, **options: Any) -> None:
        from djwire.sync.frontend.generate import changes, generate, write
        from djwire.sync.frontend.routes import asgi_routes, routed_channels
        from djwire.sync.frontend.settings import frontend_dir, socket_url
        from djwire.sync.frontend.typescript import FrontendError

        try:
            root = frontend_dir()
            routes = routed_channels(asgi_routes())
            files = generate(routes, socket_url())
            pending = changes(root, files, force=options["force"])
        except (FrontendError, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from None
        if not routes:
            self.stderr.write(
                "makefrontend: no routed ContextChannel (path('ws/...', MyChannel.as_asgi()) "
                "in the ASGI application's websocket routes)"
            )
        if not options["quiet"] or options["check"]:
            for change in pending:
                self.stdout.write(change.diff() or f"{change.path}: unchanged, rewritten\n")
        if options["check"]:
            if pending:
                raise CommandError(
                    f"{len(pending)} generated file(s) out of date: run manage.py makefrontend",
                    returncode=1,
                )
            self.stdout.write(f"makefrontend: {len(files)} file(s) up to date in {root}")
            return
        if options["dry_run"]:
            self.stdout.write(f"makefrontend: {len(pending)} file(s) would change (dry run)")
            return
        write(pending)
        self.stdout.write(f"makefrontend: {len(pending)} of {len(files)} file(s) written to {root}")
