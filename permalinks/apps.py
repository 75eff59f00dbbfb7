from django.apps import AppConfig


class PermalinksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "permalinks"
