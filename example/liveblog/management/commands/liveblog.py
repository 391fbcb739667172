"""Edit the liveblog from a shell, as a script or a cron job would: every reader's page follows.

    python manage.py liveblog edit-post 1 "New title" [--body "..."]
    python manage.py liveblog edit-comment 3 "Fixed typo"
    python manage.py liveblog delete-comment 3
    python manage.py liveblog delete-post 1

The change is sent after it commits, from this process: the servers hear it when they share
its channel layer (DJWIRE_EXAMPLE_REDIS), as for push_alert.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from liveblog.models import BlogPost, Comment


class Command(BaseCommand):
    help = "Edit or delete liveblog posts and comments; every open page of them follows."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        post = actions.add_parser("edit-post", help="Change a post's title (and body).")
        post.add_argument("id", type=int)
        post.add_argument("title")
        post.add_argument("--body")
        comment = actions.add_parser("edit-comment", help="Change a comment's text.")
        comment.add_argument("id", type=int)
        comment.add_argument("text")
        for name, what in (("delete-comment", "a comment"), ("delete-post", "a post")):
            actions.add_parser(name, help=f"Delete {what}.").add_argument("id", type=int)

    def handle(self, *args, action, id, **options):
        model = BlogPost if action.endswith("post") else Comment
        row = model.objects.filter(pk=id).first()
        if row is None:
            raise CommandError(f"no {model._meta.verbose_name} has id {id}")
        if action == "edit-post":
            row.title = options["title"]
            if options["body"] is not None:
                row.body = options["body"]
            row.save()
        elif action == "edit-comment":
            row.text = options["text"]
            row.save()
        else:
            row.delete()
        where = "" if getattr(settings, "REDIS_URL", "") else " (in-memory layer: not sent)"
        self.stdout.write(f"{action} {id}: done{where}")
