"""The Redis channel layer settings djwire recommends, and tests.

redis-py 8 made socket reads time out after 5 s by default. channels-redis' core layer waits
for messages with a blocking read, so every idle consumer is torn down about every 5 s
(django/channels_redis#422); the pub/sub layer, which djwire recommends, polls and survives,
but the timeout is turned off here too so that no blocking read of either layer can trip it
(the system check djwire.W001 asks for the same). The connect timeout stays, so a Redis that is
down fails fast; keepalive and a health check notice a dead connection, and the layer
reconnects and re-subscribes after a Redis restart.
"""

from __future__ import annotations

from typing import Any

PUBSUB_BACKEND = "channels_redis.pubsub.RedisPubSubChannelLayer"


def redis_channel_layer(url: str = "redis://127.0.0.1:6379/0") -> dict[str, Any]:
    """A ``CHANNEL_LAYERS`` entry for Redis that keeps idle sockets alive::

    CHANNEL_LAYERS = {"default": redis_channel_layer("redis://127.0.0.1:6379/0")}
    """
    return {
        "BACKEND": PUBSUB_BACKEND,
        "CONFIG": {
            "hosts": [
                {
                    "address": url,
                    "socket_timeout": None,
                    "socket_connect_timeout": 5,
                    "socket_keepalive": True,
                    "health_check_interval": 30,
                }
            ]
        },
    }
