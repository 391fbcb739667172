import time
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

    @event_handler
    def delete(self, index: int, **kwargs: Any) -> None:
        del self.rows[index]

    @event_handler
    def move(self, source: int, target: int, **kwargs: Any) -> None:
        self.rows.insert(target, self.rows.pop(source))

    @event_handler
    def reload(self, index: int, price: str, **kwargs: Any) -> None:
        # What a handler re-reading its rows from the database does: a new list of new
        # dicts, equal to the old ones but for one row.
        rows = [dict(row) for row in self.rows]
        rows[index]["price"] = price
        self.rows = rows


class SmallView(LiveView):
    """A small view: one value, as a dashboard tile would be."""

    template_name = "benchapp/small.html"
    counter = state(default=0)

    def on_value(self, value: int, **kwargs: Any) -> None:
        """What a handler push runs (push_to_view(..., handler="on_value")): the seed's way."""
        self.counter = value

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.counter += 1

    @event_handler
    def slow(self, **kwargs: Any) -> None:
        """A handler that takes 0.5 s (a slow query, a call to another service)."""
        time.sleep(0.5)
        self.counter += 1


class OtherView(SmallView):
    """The view of a user whom a push to SmallView does not reach (bench/push_fanout.py)."""
