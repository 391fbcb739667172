"""djwire's test settings for several processes: a SQLite file they share and a private Redis
as the channel layer (tests/sync/test_processes.py starts both)."""

import os

from djwire.pubsub import redis_channel_layer
from tests.settings import *  # noqa: F403

_DB = os.environ["DJWIRE_TEST_SQLITE"]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _DB, "TEST": {"NAME": _DB}}
}
CHANNEL_LAYERS = {"default": redis_channel_layer(os.environ["DJWIRE_TEST_REDIS"])}
