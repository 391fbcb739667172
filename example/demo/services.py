"""External services in a LiveView: the three patterns of docs/state.md, and state that survives.

The view's public state holds model instances, a Decimal, a date and an aware datetime: all
of it is saved after each event and restored exactly when the page reconnects, even after a
restart of the server. The price feed stands for an API client (httpx, boto3...): it cannot
be saved, so it stays private, injected by ``live_session()`` in urls.py.
"""

from __future__ import annotations

import threading
from decimal import Decimal

from django.utils import timezone

from djwire import LiveView, state
from djwire.decorators import event_handler

from .models import Product


class PriceFeed:
    """A stand-in for an external pricing API client. Like a real client it holds a
    connection (here a lock), so it cannot be view state."""

    def __init__(self) -> None:
        self._connection = threading.Lock()

    def quotes(self) -> list[Product]:
        """Prices "from the API", as unsaved model instances (pattern 2)."""
        with self._connection:
            return [
                Product(id=9001, name="Partner lamp", category="partner", price=Decimal("19.90")),
                Product(id=9002, name="Partner desk", category="partner", price=Decimal("149.00")),
            ]

    def discount(self, total: Decimal) -> Decimal:
        with self._connection:
            return (total * Decimal("0.10")).quantize(Decimal("0.01"))


def get_price_feed() -> PriceFeed:
    """The provider urls.py gives ``live_session()``: one client per connection."""
    return PriceFeed()


class ServicesView(LiveView):
    """A basket of products: model instances, Decimals and dates in state, a service injected."""

    template_name = "demo/services.html"
    basket = state(default=[])

    def mount(self, request, price_feed=None, **kwargs):
        # Pattern 3: injected by live_session(); private, so never saved. mount() runs on
        # every join, so the feed is there again after a reconnect or a restart.
        self._feed = price_feed or get_price_feed()
        self._quotes = self._feed.quotes()
        self.products = list(Product.objects.order_by("id")[:5])
        self.basket = []
        self.total = Decimal("0.00")
        self.discount = Decimal("0.00")
        self.opened_on = timezone.localdate()
        self.updated_at = timezone.now()

    def _find(self, id):
        # Pattern 1: a helper method; nothing but plain data and models is kept on self.
        return next((p for p in [*self.products, *self.quotes] if p.id == id), None)

    @event_handler
    def add(self, id: int, **kwargs):
        product = self._find(id)
        if product is not None:
            self.basket.append(product)
            self.total += product.price
            self.updated_at = timezone.now()

    @event_handler
    def apply_discount(self, **kwargs):
        self.discount = self._feed.discount(self.total)

    @event_handler
    def clear(self, **kwargs):
        self.basket = []
        self.total = self.discount = Decimal("0.00")
        self.updated_at = timezone.now()

    def get_context_data(self, **kwargs):
        # Pattern 2: just-in-time: the quotes become public state (saved) when rendered.
        self.quotes = self._quotes
        context = super().get_context_data(**kwargs)
        context["to_pay"] = self.total - self.discount
        return context
