from django.apps import AppConfig


class TherapyExplainedConfig(AppConfig):
    name = "therapyexplained"

    def ready(self):
        from . import logins  # noqa: F401 (connects the sign-in signal receivers)
