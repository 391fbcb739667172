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
    "bench.benchapp",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
ROOT_URLCONF = "bench.urls"
USE_TZ = True
STATIC_URL = "/static/"
DJWIRE = {"state_dir": os.path.join(tempfile.gettempdir(), "djwire-bench-state")}
