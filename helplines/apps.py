from django.apps import AppConfig


class HelplinesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "helplines"
    verbose_name = "Help lines"
