from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import redis_cache, version

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(version.on_model_change, dispatch_uid=f"content-{signal}")
        # Saves during a cache outage could not move the version: move it once it is back.
        redis_cache.outage_ended.connect(version.owe_a_move, dispatch_uid="content-outage")
