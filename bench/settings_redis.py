"""The benchmark settings on a Redis channel layer (bench/soak.py starts a private Redis)."""

import os

from bench.settings import *  # noqa: F403
from djwire.pubsub import redis_channel_layer

CHANNEL_LAYERS = {"default": redis_channel_layer(os.environ["DJWIRE_BENCH_REDIS"])}
