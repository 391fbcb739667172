"""Settings for the benchmarks: the embedded defaults (in-memory layer, no database needed)."""

import os
import tempfile

SECRET_KEY = "djwire-bench-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "channels",
    "djwire",
    "rest_framework",
    "bench.benchapp",
]
# Sessions: a signals window's token is bound to its page's session.
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
# bench/sync_fanout.py saves rows that joins on other threads read: a file then (one per run,
# its tables made before the server starts), else nothing needs a database.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DJWIRE_BENCH_DB", ":memory:"),
        # What a save costs in Python is measured, not the disk's flush.
        "OPTIONS": {"init_command": "PRAGMA synchronous=OFF"},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# One session per window in bench/signals_fanout.py: room for 10,000 and more (the default
# keeps 300 and culls the rest).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        # {% djwire_scripts %} reads the request to write a window's token.
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
ROOT_URLCONF = "bench.urls"
USE_TZ = True
STATIC_URL = "/static/"
DJWIRE = {
    "state_dir": os.path.join(tempfile.gettempdir(), "djwire-bench-state"),
    # bench/signals_fanout.py sends its calls back to back from one socket: measured, not
    # rate-limited (the default allows a browser 30 a second).
    "event_rate": 100_000.0,
    "event_burst": 100_000,
    # Thousands of sockets from 127.0.0.1, opened in waves: no per-process caps.
    "join_rate": 100_000.0,
    "join_burst": 100_000,
    "max_sockets_per_address": None,
    "max_sockets_per_session": None,
    # bench/push_fanout.py joins one page's token on every socket.
    "max_joins_per_token": None,
    # bench/slow_handlers.py runs its baseline with one thread, as Django's sync thread was.
    "handler_threads": int(os.environ.get("DJWIRE_BENCH_HANDLER_THREADS", "8")),
}
