"""Layer 3: the fan-out path on the channel layer (group names, one subscriber per process)."""

from djwire.pubsub.groups import view_group
from djwire.pubsub.hub import Hub, get_hub, publish
from djwire.pubsub.redis import redis_channel_layer

__all__ = ["Hub", "get_hub", "publish", "redis_channel_layer", "view_group"]
