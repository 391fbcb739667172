"""Layer 3: the fan-out path on the channel layer (group names, one subscriber per process)."""

from djwire.pubsub.groups import view_group
from djwire.pubsub.hub import Hub, get_hub, publish

__all__ = ["Hub", "get_hub", "publish", "view_group"]
