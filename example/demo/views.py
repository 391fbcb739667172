"""The demos: a counter, a todo list with validation, a 1,000-row table, a dashboard that
ticks, and a note shared live between tabs."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from djwire import LiveFormMixin, push_to_view, state
from djwire.decorators import event_handler
from djwire.signals.tasks import set_websocket_topics

from .forms import TodoForm
from .live import DemoView
from .models import Item, Note, Product

DEMOS = [
    ("counter", "Counter", "Three buttons and one number: the smallest LiveView."),
    ("todo", "Todo list", "A form with inline validation, keyed rows, in-place updates."),
    ("table", "1,000-row table", "Sort, debounced filter and inline edit over 1,000 products."),
    ("dashboard", "Dashboard", "Refreshed by the server every second (tick_interval), no clicks."),
    (
        "services",
        "Services",
        "A price feed injected with live_session(), kept out of state; survives a restart.",
    ),
    (
        "account",
        "Account",
        "For logged-in users only (LoginRequiredMixin), checked at every join. Log in as demo,"
        " password demo (scripts/demo creates that user: manage.py seed_demo_user).",
    ),
]


def index(request):
    """A plain Django view that lists the demos."""
    return render(request, "demo/index.html", {"demos": DEMOS})


class CounterView(DemoView):
    """A number that the browser changes with plus, minus and reset."""

    template_name = "demo/counter.html"
    count = state(default=0)

    def mount(self, request, **kwargs):
        self.count = 0
        # A LiveView page can be a signals window too: one socket carries both.
        set_websocket_topics(request, "counters")

    @event_handler()
    def increment(self, by: int = 1, **kwargs):
        self.count += by

    @event_handler()
    def decrement(self, by: int = 1, **kwargs):
        self.count -= by

    @event_handler()
    def reset(self, **kwargs):
        self.count = 0


def _todo_changed():
    """Every open todo page shows the list as saved: what one page does, the others see."""
    push_to_view(TodoView, handler="_reload")


class AccountView(LoginRequiredMixin, DemoView):
    """A page for logged-in users only, protected the Django way: over HTTP an anonymous user
    is redirected to the login page; over the socket every join checks the session again, so
    after a logout in another tab the page reloads into that redirect (docs/auth.md)."""

    template_name = "demo/account.html"
    clicks = state(default=0)

    @event_handler()
    def click(self, **kwargs):
        self.clicks += 1


class TodoView(LiveFormMixin, DemoView):
    """Todo items kept in state as a list of dicts, changed in place on toggle; new items come
    from a Django ModelForm, validated as the field changes (LiveFormMixin)."""

    template_name = "demo/todo.html"
    form_class = TodoForm

    def mount(self, request, **kwargs):
        self.items = list(Item.objects.values("id", "text", "done"))

    def form_valid(self, form):
        item = form.save()
        self.items.append({"id": item.id, "text": item.text, "done": item.done})
        self.reset_form()  # an invalid text stays in the field (form_invalid) to be corrected
        _todo_changed()

    @event_handler()
    def toggle(self, id: int, **kwargs):
        item = self._find(id)
        if item is not None:
            item["done"] = not item["done"]
            Item.objects.filter(pk=id).update(done=item["done"])
            _todo_changed()

    @event_handler()
    def delete(self, id: int, **kwargs):
        Item.objects.filter(pk=id).delete()
        self.items = [item for item in self.items if item["id"] != id]
        _todo_changed()

    @event_handler()
    def clear_done(self, **kwargs):
        Item.objects.filter(done=True).delete()
        self.items = [item for item in self.items if not item["done"]]
        _todo_changed()

    def _reload(self, **kwargs):
        """Another page changed the list (this page's own change reloads to the same list)."""
        self.items = list(Item.objects.values("id", "text", "done"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["remaining"] = sum(1 for item in self.items if not item["done"])
        return ctx

    def _find(self, id):
        return next((item for item in self.items if item["id"] == id), None)


SORTABLE = {"name", "category", "price", "stock"}
PRICE_MAX = Decimal("999999.99")  # what max_digits=8, decimal_places=2 can hold


def _product_rows(query, sort, desc):
    """Rows for the table: plain dicts, prices as strings so that the state stays JSON."""
    products = Product.objects.all()
    if query:
        products = products.filter(name__icontains=query)
    order = f"-{sort}" if desc else sort
    rows = []
    for row in products.order_by(order, "id").values("id", "name", "category", "price", "stock"):
        row["price"] = f"{row['price']:.2f}"
        row["editing"] = False
        row["draft"] = ""
        row["error"] = ""
        rows.append(row)
    return rows


class TableView(DemoView):
    """1,000 products: sort by a column, filter by name, edit a price in its row."""

    template_name = "demo/table.html"

    def mount(self, request, **kwargs):
        self.query = ""
        self.sort = "id"  # the seed order until a column header is clicked
        self.desc = False
        self.total = Product.objects.count()
        self.rows = _product_rows(self.query, self.sort, self.desc)

    @event_handler()
    def search(self, value: str = "", **kwargs):
        self.query = value.strip()
        self.rows = _product_rows(self.query, self.sort, self.desc)

    @event_handler()
    def sort_by(self, column: str, **kwargs):
        if column not in SORTABLE:
            return
        if column == self.sort:
            self.desc = not self.desc
        else:
            self.sort, self.desc = column, False
        self.rows = _product_rows(self.query, self.sort, self.desc)

    @event_handler()
    def edit(self, id: int, **kwargs):
        for row in self.rows:
            if row["editing"] and row["id"] != id:
                self._close(row)
        row = self._find(id)
        if row is not None:
            row["editing"] = True
            row["draft"] = row["price"]
            row["error"] = ""

    @event_handler()
    def cancel(self, id: int, **kwargs):
        row = self._find(id)
        if row is not None:
            self._close(row)

    @event_handler()
    def save(self, id: int, price: str = "", **kwargs):
        row = self._find(id)
        if row is None:
            return
        try:
            value = Decimal(price.strip())
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            error = "Enter a number, like 12.50."
        elif value < 0:
            error = "The price cannot be negative."
        elif value > PRICE_MAX:
            error = f"The price cannot be over {PRICE_MAX}."
        else:
            error = ""
        if error:
            row["draft"] = price
            row["error"] = error
            return
        value = value.quantize(Decimal("0.01"))
        Product.objects.filter(pk=id).update(price=value)
        row["price"] = f"{value:.2f}"
        self._close(row)

    def _find(self, id):
        return next((row for row in self.rows if row["id"] == id), None)

    @staticmethod
    def _close(row):
        row["editing"] = False
        row["draft"] = ""
        row["error"] = ""


LOW_STOCK = 10  # products with fewer in stock count as low


class DashboardView(DemoView):
    """Figures refreshed by the server every second: no clicks, no JavaScript of its own."""

    template_name = "demo/dashboard.html"
    tick_interval = 1000  # milliseconds

    def mount(self, request, **kwargs):
        self.ticks = 0
        self._refresh()

    def handle_tick(self):
        self.ticks += 1
        self._refresh()

    def _refresh(self):
        self.now = timezone.localtime().strftime("%H:%M:%S")
        self.todo_count = Item.objects.count()
        self.todo_open = Item.objects.filter(done=False).count()
        self.low_stock = Product.objects.filter(stock__lt=LOW_STOCK).count()
        self.low_stock_limit = LOW_STOCK


class SharedNoteView(DemoView):
    """A note edited live from several tabs, where no edit silently overwrites another.

    Each save carries the version of the text it was typed over (``base``, rendered as the
    textarea's ``dj-value-base``). The database takes it only if that is still the saved
    version; otherwise the tab shows the newer text beside its own, and its user decides. A
    saved edit is pushed to the other tabs of the note; a focused textarea takes it when focus
    leaves it (djwire keeps what the user is typing)."""

    template_name = "demo/note.html"

    def mount(self, request, **kwargs):
        note = get_object_or_404(Note, pk=kwargs["pk"])
        self._note = note
        self.title = note.title
        self.content = note.content
        self.version = note.version
        self.conflict = ""  # this tab's text that a newer save kept out, until resolved

    @event_handler()
    def update_content(self, value: str = "", base: int = 0, **kwargs):
        self._save(value, base)

    @event_handler()
    def keep_mine(self, **kwargs):
        """Save the refused text over the newer one this tab has now seen."""
        self._save(self.conflict, self.version)

    @event_handler()
    def take_theirs(self, **kwargs):
        self.conflict = ""

    def _save(self, text, base):
        # One UPDATE that compares and sets: two processes cannot both save over version `base`.
        saved = Note.objects.filter(pk=self._note.pk, version=base).update(
            content=text, version=F("version") + 1
        )
        if not saved:
            latest = Note.objects.get(pk=self._note.pk)
            self.content, self.version = latest.content, latest.version
            self.conflict = text
            return
        self.content, self.version, self.conflict = text, base + 1, ""
        # to=note: only the views mounted for this note (URL kwarg pk) are reached.
        payload = {"content": text, "version": base + 1}
        push_to_view(SharedNoteView, handler="_on_saved", payload=payload, to=self._note)

    def _on_saved(self, content: str = "", version: int = 0, **kwargs):
        """A save of any tab (this one's too, which changes nothing: it has that version)."""
        if version > self.version:
            self.content, self.version = content, version
