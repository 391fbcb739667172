from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = PASSWORD = "demo"


class Command(BaseCommand):
    help = (
        "Create the user demo (password demo) that the Account page's login accepts. "
        "Refused with DEBUG off: a known password has no place on a real server."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo_user sets a known password: it runs only with DEBUG on.")
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"The user {USERNAME} exists already; nothing to do.")
            return
        # is_staff: the example logs in with Django admin's login page, which admits staff only.
        User.objects.create_user(USERNAME, password=PASSWORD, is_staff=True)
        self.stdout.write(
            self.style.SUCCESS(f"Created the user {USERNAME} (password {PASSWORD}) for /account/.")
        )
