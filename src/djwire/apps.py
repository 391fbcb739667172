from __future__ import annotations

from django.apps import AppConfig


class DjwireConfig(AppConfig):
    name = "djwire"
    verbose_name = "djwire"

    def ready(self) -> None:
        from djwire import checks, conf
        from djwire.live.join import join_liveview
        from djwire.transport import register_join_kind
        from djwire.transport.protocol import LIVEVIEW_TOPIC_PREFIX

        conf.validate()
        checks.register()
        register_join_kind(LIVEVIEW_TOPIC_PREFIX, join_liveview)
