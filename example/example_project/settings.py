"""Settings of the djwire example project: one process, in-memory channel layer, SQLite.

Set DJWIRE_EXAMPLE_REDIS=redis://127.0.0.1:6379/0 to run several server processes: the channel
layer, the cache and the Celery broker then use that Redis server, so a push from any process (a
management command, a Celery worker, another server) reaches every page.

DJWIRE_EXAMPLE_SIGNAL_WORKERS chooses where the chat's server-side signals run: thread (the
default), process, celery or channels (docs/signals.md, "Workers"); all but thread need the Redis.

Not for production: the secret key is public and DEBUG is on unless DJWIRE_EXAMPLE_DEBUG=0.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Fixed on purpose: join tokens and sessions must stay valid across a restart of the demo server.
SECRET_KEY = os.environ.get(
    "DJWIRE_EXAMPLE_SECRET_KEY", "django-insecure-djwire-example-not-a-secret"
)
DEBUG = os.environ.get("DJWIRE_EXAMPLE_DEBUG", "1") != "0"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    # First: djwire's runserver is daphne's (WebSockets served) with --makefrontend, which
    # rewrites frontend/src/generated at startup and at every autoreload.
    "djwire",
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "demo",
    "liveblog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "example_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

ASGI_APPLICATION = "example_project.asgi.application"

# The demo has no login page of its own: the admin's serves (create a user with
# `manage.py createsuperuser`).
LOGIN_URL = "/admin/login/"

# One process is all the demo needs; with a Redis server, run as many as you like.
REDIS_URL = os.environ.get("DJWIRE_EXAMPLE_REDIS", "")
if REDIS_URL:
    # djwire's recommended Redis layer settings keep idle sockets alive with redis-py 8.
    from djwire.pubsub import redis_channel_layer

    CHANNEL_LAYERS = {"default": redis_channel_layer(REDIS_URL)}
    # Shared by every process, as signal workers in other processes need (check djwire.G004).
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Celery (example_project/celery.py): the same Redis as broker; without it, tasks run eagerly
# in the process that queues them.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        # The browser tests point this at a temporary file.
        "NAME": os.environ.get("DJWIRE_EXAMPLE_DB", str(BASE_DIR / "db.sqlite3")),
    }
}

AUTH_PASSWORD_VALIDATORS = []

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# djwire's settings; every key has a documented default.
DJWIRE = {
    "signal_workers": os.environ.get("DJWIRE_EXAMPLE_SIGNAL_WORKERS", "thread"),
    # DJWIRE_EXAMPLE_SAVE_BEFORE_REPLY=1: an acknowledged change survives a kill -9.
    "save_before_reply": os.environ.get("DJWIRE_EXAMPLE_SAVE_BEFORE_REPLY") == "1",
    # `manage.py makefrontend` writes the liveblog's TypeScript here (committed; CI runs
    # makefrontend --check and tsc --strict over it).
    "frontend_dir": "frontend/src/generated",
}
# `manage.py runserver` (daphne) reads no WebSocket message larger than djwire accepts
# (DJWIRE["max_message_bytes"]; check djwire.T001).
DAPHNE_WEBSOCKET_MAX_MESSAGE_SIZE = 64 * 1024
