"""LiveViews plug into djwire when the app is ready: the ``lv:`` join kind and their checks."""

from __future__ import annotations


def ready() -> None:
    """Called by ``djwire.apps.DjwireConfig.ready()``."""
    from django.core import checks

    from djwire.checks import TAG
    from djwire.live.checks.views import check_live_views
    from djwire.live.join import join_liveview
    from djwire.live.protocol import LIVEVIEW_TOPIC_PREFIX
    from djwire.transport import register_join_kind

    register_join_kind(LIVEVIEW_TOPIC_PREFIX, join_liveview)
    checks.register(check_live_views, TAG)
