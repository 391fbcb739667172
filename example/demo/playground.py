"""The bindings playground: one small section per binding, each showing what the server got."""

import json
import time
from decimal import Decimal

from djwire.decorators import event_handler

from .live import DemoView

COLORS = ["red", "green", "blue"]
SIZES = ["S", "M", "L"]
TAGS = ["news", "offers"]
LETTERS = ["alpha", "bravo", "charlie", "delta"]
SLOW_SECONDS = 0.5


class PlaygroundError(RuntimeError):
    """What the "Raise" button's handler raises, on purpose."""


class PlaygroundView(DemoView):
    """Keys, focus, change, typed values, ignored regions, hooks, dj-force, errors, loading,
    keyed rows."""

    template_name = "demo/playground.html"

    def mount(self, request, **kwargs):
        self.entered = []  # the values submitted with Enter
        self.last_keyup = ""
        self.keyups = 0
        self.focus_events = []
        self.color = "red"
        self.subscribed = False
        self.form = {"title": "", "size": "M", "tags": []}
        self.form_json = ""
        self.typed = ""
        self.ticks = 0
        self.hook_shown = True
        self.hook_label = "first"
        self.late_hook_shown = False
        self.hook_pings = 0
        self.clicks = 0
        self.slow_runs = 0
        self.shout = ""
        self.shout_resets = 0
        self.letters = [{"id": i, "name": name} for i, name in enumerate(LETTERS, 1)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(colors=COLORS, sizes=SIZES, tags=TAGS)
        return ctx

    # -- keys ------------------------------------------------------------------------------

    @event_handler()
    def enter(self, key: str, value: str = "", **kwargs):
        self.entered.append(f"{key}: {value}")

    @event_handler()
    def key_up(self, key: str, value: str = "", **kwargs):
        self.last_keyup = f"{key} → {value}"
        self.keyups += 1

    # -- focus and blur --------------------------------------------------------------------

    @event_handler()
    def focused(self, field: str, **kwargs):
        self.focus_events.append(f"focused: {field}")

    @event_handler()
    def blurred(self, field: str, **kwargs):
        self.focus_events.append(f"blurred: {field}")

    # -- change ----------------------------------------------------------------------------

    @event_handler()
    def pick_color(self, value: str, **kwargs):
        if value in COLORS:
            self.color = value

    @event_handler()
    def subscribe(self, value: bool, **kwargs):
        # A checked box sends its value ("yes"), an unchecked one "": bool takes both.
        self.subscribed = value

    @event_handler()
    def form_changed(
        self, title: str = "", size: str = "M", tags: list[str] | None = None, **kwargs
    ):
        # `tags` is absent with no box checked, a string with one, a list with two.
        self.form = {"title": title, "size": size, "tags": tags or []}
        self.form_json = json.dumps(self.form, sort_keys=True)

    # -- typed dj-value-* ------------------------------------------------------------------

    @event_handler()
    def buy(self, qty: int, gift: bool, price: Decimal, **kwargs):
        # Decimal, not float: 3 * 0.10 is exactly 0.30.
        total = qty * price
        self.typed = (
            f"qty={qty!r} ({type(qty).__name__}), gift={gift!r} ({type(gift).__name__}), "
            f"price={price} ({type(price).__name__}), total={total}"
        )

    # -- dj-update="ignore" and hooks ------------------------------------------------------

    @event_handler()
    def tick(self, **kwargs):
        self.ticks += 1

    @event_handler()
    def toggle_hook(self, **kwargs):
        self.hook_shown = not self.hook_shown

    @event_handler()
    def relabel_hook(self, label: str, **kwargs):
        self.hook_label = label

    @event_handler()
    def show_late_hook(self, **kwargs):
        self.late_hook_shown = True

    @event_handler()
    def hook_ping(self, n: int = 1, **kwargs):
        self.hook_pings += n

    # -- dj-force ----------------------------------------------------------------------------

    @event_handler()
    def clear_shout(self, **kwargs):
        # The field was rendered "" and still is: a new dj-force revision makes the focused
        # field take that "" over what the user typed.
        self.shout = ""
        self.shout_resets += 1

    # -- errors and loading ----------------------------------------------------------------

    @event_handler()
    def click(self, **kwargs):
        self.clicks += 1

    @event_handler()
    def explode(self, **kwargs):
        self.clicks += 100  # rolled back: the page keeps the count it had
        raise PlaygroundError("the playground raises on purpose")

    def not_a_handler(self, **kwargs):
        """Public but not an @event_handler: a browser cannot call it."""
        self.clicks = -1

    @event_handler()
    def slow(self, **kwargs):
        time.sleep(SLOW_SECONDS)
        self.slow_runs += 1

    # -- keyed rows ------------------------------------------------------------------------

    @event_handler()
    def reverse(self, **kwargs):
        self.letters = list(reversed(self.letters))
