"""djwire's test settings on a private PostgreSQL (tests/sync/test_on_postgres.py starts it)."""

import os

from tests.settings import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": os.environ["DJWIRE_TEST_POSTGRES_PORT"],
        "NAME": "djwire",
        "USER": "djwire",
    }
}
