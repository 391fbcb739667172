"""The table demo's 1,000 products, made by a fixed formula so every run has the same rows."""

from decimal import Decimal

CATEGORIES = ["Books", "Garden", "Kitchen", "Music", "Office", "Outdoor", "Tools", "Toys"]


def product_fields(n: int) -> dict[str, object]:
    """Fields of product number `n` (1-based); the same `n` always gives the same product."""
    cents = (n * 7919) % 50_000 + 99  # 0.99 .. 500.98, spread without visible order
    return {
        "name": f"Product {n}",
        "category": CATEGORIES[(n * 5) % len(CATEGORIES)],
        "price": Decimal(cents) / 100,
        "stock": (n * 37) % 250,
    }


def seed_products(model: type, count: int = 1000) -> int:
    """Create the products if the table is empty; return how many were created."""
    if model.objects.exists():
        return 0
    model.objects.bulk_create(model(**product_fields(n)) for n in range(1, count + 1))
    return count
