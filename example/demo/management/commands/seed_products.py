from django.core.management.base import BaseCommand

from demo.models import Product
from demo.seed import seed_products


class Command(BaseCommand):
    help = "Create the table demo's 1,000 deterministic products (does nothing if any exist)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)

    def handle(self, *args, **options):
        created = seed_products(Product, options["count"])
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {created} products."))
        else:
            self.stdout.write("Products exist already; nothing to do.")
