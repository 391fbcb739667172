from django.apps import AppConfig


class LiveblogConfig(AppConfig):
    name = "liveblog"
    default_auto_field = "django.db.models.BigAutoField"
