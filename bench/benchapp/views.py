from typing import Any

from djwire import LiveView, state
from djwire.decorators import event_handler


class TableView(LiveView):
    template_name = "benchapp/table.html"
    rows = state(default=[])
    counter = state(default=0)

    def mount(self, request: Any, size: int = 1000, **kwargs: Any) -> None:
        self.rows = [
            {"id": i, "name": f"Product {i}", "price": f"{i * 7 % 1000}.99", "done": i % 3 == 0}
            for i in range(size)
        ]
        self._next_id = size

    @event_handler
    def set_price(self, index: int, price: str, **kwargs: Any) -> None:
        self.rows[index]["price"] = price

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.counter += 1

    @event_handler
    def insert(self, index: int, **kwargs: Any) -> None:
        self.rows.insert(
            index,
            {"id": len(self.rows) + 10_000_000, "name": "new", "price": "1.00", "done": False},
        )


class SmallView(LiveView):
    """A small view: one value, as a dashboard tile would be."""

    template_name = "benchapp/small.html"
    counter = state(default=0)
