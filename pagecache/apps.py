from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import version

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(version.on_model_change, dispatch_uid=f"content-{signal}")
