"""The base class of the demo's LiveViews: a banner that the server can push to every page."""

from djwire import LiveView, state
from djwire.decorators import event_handler


class DemoView(LiveView):
    """A LiveView of the demo. Its template includes ``demo/_alert.html`` inside ``dj-root``, so
    ``manage.py push_alert "text"`` (or the Celery task ``demo.tasks.announce``) shows a banner
    on every open page by setting ``alert``."""

    alert = state(default="")

    @event_handler()
    def dismiss_alert(self, **kwargs):
        self.alert = ""
