"""Views the tests drive."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from djwire import LiveView, state
from djwire.decorators import event_handler


class CounterView(LiveView):
    template_name = "testapp/counter.html"
    count = state(default=0)

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = int(request.GET.get("start", 0))

    @event_handler()
    def increment(self, by: int = 1, **kwargs: Any) -> None:
        self.count += by

    @event_handler
    def explode(self, **kwargs: Any) -> None:
        self.count += 100
        raise RuntimeError("boom")

    def not_a_handler(self) -> None:
        self.count = -1

    def _on_private(self) -> None:
        self.count = -2


class ItemsView(LiveView):
    template_name = "testapp/items.html"
    items = state(default=[])
    counter = state(default=0)
    title = state(default="Items")

    def mount(self, request: Any, start: int = 0, **kwargs: Any) -> None:
        self.items = [
            {"id": i, "text": f"item {i}", "done": False} for i in range(start, start + 5)
        ]

    @event_handler
    def toggle(self, id: int, **kwargs: Any) -> None:
        for item in self.items:
            if item["id"] == id:
                item["done"] = not item["done"]

    @event_handler
    def add(self, text: str, at: int = -1, **kwargs: Any) -> None:
        new_id = max((i["id"] for i in self.items), default=0) + 1
        row = {"id": new_id, "text": text, "done": False}
        if at < 0:
            self.items.append(row)
        else:
            self.items.insert(at, row)

    @event_handler
    def remove(self, id: int, **kwargs: Any) -> None:
        self.items = [i for i in self.items if i["id"] != id]

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.counter += 1

    @event_handler
    def typed(
        self,
        when: dt.date,
        amount: decimal.Decimal,
        tags: list[int],
        flag: bool = False,
        note: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.title = f"{when.isoformat()} {amount} {sum(tags)} {flag} {note}"


class MixedView(LiveView):
    """Includes, custom tags, filters, with, comments, context processors, url-as."""

    template_name = "testapp/mixed.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.word = "hi"
        self.items = [{"text": "one"}]

    @event_handler
    def change(self, word: str = "", **kwargs: Any) -> None:
        self.word = word
        self.items.append({"text": word})
