from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig

# The capabilities on the socket: each has an ``apps.ready()`` that registers its join kind and
# its system checks. djwire itself knows them by name only.
CAPABILITIES = ("djwire.live", "djwire.signals")


class DjwireConfig(AppConfig):
    name = "djwire"
    verbose_name = "djwire"

    def ready(self) -> None:
        from djwire import checks, conf
        from djwire.pubsub import checks as pubsub_checks
        from djwire.transport import checks as transport_checks

        conf.validate()
        checks.register()
        transport_checks.register()
        pubsub_checks.register()
        for capability in CAPABILITIES:
            import_module(f"{capability}.apps").ready()
