"""Settings of the djwire example project: one process, in-memory channel layer, SQLite.

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
    "daphne",  # first, so that `manage.py runserver` serves WebSockets too
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "djwire",
    "demo",
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

# One process is all the demo needs; use channels_redis to run several.
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

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
DJWIRE = {}
