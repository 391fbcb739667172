"""Layer 3: the fan-out path on the channel layer: who a message is for (targets), the group
names (the same in every process), one subscriber per process (the hub), the Redis settings."""

from djwire.pubsub.groups import group_name
from djwire.pubsub.hub import Hub, get_hub, publish
from djwire.pubsub.message import Message
from djwire.pubsub.redis import redis_channel_layer
from djwire.pubsub.targets import (
    EVERYONE,
    Target,
    instance_key,
    session_target,
    target_key,
    target_keys,
    window_target,
)

__all__ = [
    "EVERYONE",
    "Hub",
    "Message",
    "Target",
    "get_hub",
    "group_name",
    "instance_key",
    "publish",
    "redis_channel_layer",
    "session_target",
    "target_key",
    "target_keys",
    "window_target",
]
