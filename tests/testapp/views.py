"""Views the tests drive."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from djwire import LiveView, state
from djwire.decorators import event_handler
from tests.testapp.models import Gadget


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


class GadgetCountView(CounterView):
    """Reads the database: in ``mount()`` when asked (``?count=1``: the HTTP render, on
    asgiref's shared thread) and in a handler (on a handler thread)."""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = Gadget.objects.count() if request.GET.get("count") else 0

    @event_handler
    def count_gadgets(self, **kwargs: Any) -> None:
        self.count = Gadget.objects.count()


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


class RetitledView(ItemsView):
    """Push handlers that assign plain values (the shared render) or change a container."""

    def on_title(self, title: str, **kwargs: Any) -> None:
        self.title = title

    def on_own_title(self, suffix: str, **kwargs: Any) -> None:
        self.title = f"{self.items[0]['id']}{suffix}"  # differs per view: its first row

    def on_items(self, items: list[str], **kwargs: Any) -> None:
        items.append("mine")  # changes what it was given: no other view may see it
        self.title = ",".join(items)

    def on_first_row(self, text: str, **kwargs: Any) -> None:
        self.items[0]["text"] = text

    async def aon_title(self, title: str, **kwargs: Any) -> None:
        self.title = title


class ShoutedView(RetitledView):
    """A context of its own that derives a name from the state."""

    template_name = "testapp/shouted.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["shout"] = str(self.title).upper()
        return context


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


class NoteView(LiveView):
    """The broadcast pattern of djust's docs: peers get the change, the sender skips it."""

    template_name = "testapp/note.html"

    def mount(self, request: Any, pk: int = 0, **kwargs: Any) -> None:
        self.content = ""
        self._skip_broadcast = False

    @event_handler
    def update_content(self, value: str = "", **kwargs: Any) -> None:
        self.content = value
        self._broadcast({"content": value})

    def _broadcast(self, data: dict[str, Any]) -> None:
        from djwire import push_to_view

        self._skip_broadcast = True
        push_to_view(
            NoteView, handler="_on_broadcast", payload=data, to=f"note.{self.kwargs['pk']}"
        )

    def _on_broadcast(self, content: str = "", **kwargs: Any) -> None:
        if self._skip_broadcast:
            self._skip_broadcast = False
            self._skip_render = True
            return
        self.content = content

    def push_targets(self) -> list[str]:
        return [f"note.{self.kwargs['pk']}"]

    @event_handler
    def slow(self, **kwargs: Any) -> None:
        import time

        time.sleep(0.3)
        self.content += "+slow"

    @event_handler
    def toast(self, text: str = "", **kwargs: Any) -> None:
        self.push_event("toast", {"text": text})

    def _explode(self, **kwargs: Any) -> None:
        self.content = "changed"
        raise ValueError("push handler failed")


class TickView(LiveView):
    template_name = "testapp/counter.html"
    tick_interval = 50
    count = state(default=0)

    def handle_tick(self) -> None:
        self.count += 1


class BrokenTargetsView(CounterView):
    """A view whose push_targets() raises: its join cannot start."""

    def push_targets(self) -> list[str]:
        raise RuntimeError("no targets today")


class SyncOnlyView(CounterView):
    """Its template needs the sync thread (as a template reading the database does)."""

    template_name = "testapp/sync_only.html"


class LedgerView(LiveView):
    """Tracked containers changed by every kind of handler (tests/live/test_deltas.py)."""

    template_name = "testapp/ledger.html"
    rows = state(default=[])
    counter = state(default=0)
    tags = state(default=[])
    meta = state(default={})

    def mount(self, request: Any, size: int = 6, **kwargs: Any) -> None:
        self.rows = [{"id": i, "text": f"row {i}", "n": {"hits": 0}} for i in range(size)]
        self.meta = {"when": dt.date(2026, 1, 1), "price": decimal.Decimal("1.50")}
        self._next = size

    @event_handler
    def edit(self, at: int, text: str, **kwargs: Any) -> None:
        if self.rows:
            self.rows[at % len(self.rows)]["text"] = text

    @event_handler
    def hit(self, at: int, **kwargs: Any) -> None:
        if self.rows:
            self.rows[at % len(self.rows)]["n"]["hits"] += 1  # nested, in place

    @event_handler
    def insert(self, at: int, **kwargs: Any) -> None:
        self._next += 1
        self.rows.insert(at % (len(self.rows) + 1), {"id": self._next, "text": "new", "n": {}})

    @event_handler
    def append_and_edit(self, **kwargs: Any) -> None:
        self._next += 1
        self.rows.append({"id": self._next, "text": "appended", "n": {}})
        self.rows[-1]["text"] = "edited after append"

    @event_handler
    def delete(self, at: int, **kwargs: Any) -> None:
        if self.rows:
            del self.rows[at % len(self.rows)]

    @event_handler
    def move(self, source: int, target: int, **kwargs: Any) -> None:
        if self.rows:
            row = self.rows.pop(source % len(self.rows))
            self.rows.insert(target % (len(self.rows) + 1), row)
            row["text"] = "moved"

    @event_handler
    def replace(self, at: int, **kwargs: Any) -> None:
        if self.rows:
            self._next += 1
            self.rows[at % len(self.rows)] = {"id": self._next, "text": "replaced", "n": {}}

    @event_handler
    def sort(self, **kwargs: Any) -> None:
        self.rows.sort(key=lambda row: row["text"])  # no log to replay: a base follows

    @event_handler
    def reload(self, **kwargs: Any) -> None:
        self.rows = [dict(row) for row in self.rows]  # assigned whole

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.counter += 1

    @event_handler
    def tag(self, text: str, **kwargs: Any) -> None:
        self.tags = [*self.tags, text][-5:]  # a small list assigned whole

    @event_handler
    def date(self, day: int, **kwargs: Any) -> None:
        self.meta["when"] = dt.date(2026, 1, 1 + day % 28)

    @event_handler
    def note(self, text: str, **kwargs: Any) -> None:
        if text:
            self.extra = text
        elif "extra" in self.__dict__:
            del self.extra
