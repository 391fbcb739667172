from django.apps import AppConfig


class SyncAppConfig(AppConfig):
    name = "tests.sync.app"
    label = "syncapp"
    default_auto_field = "django.db.models.BigAutoField"
