from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class TherapyExplainedConfig(AppConfig):
    name = "therapyexplained"
    verbose_name = "TherapyExplained"

    def ready(self):
        from . import content_version

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_version.on_model_change, dispatch_uid=f"content-{signal}")
