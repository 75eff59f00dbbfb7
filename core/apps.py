from django.apps import AppConfig
from django.db.models.signals import post_delete


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site"

    def ready(self):
        post_delete.connect(_forget_links, dispatch_uid="core-forget-links")


def _forget_links(sender, instance, **kwargs):
    """A deleted object's content links nowhere any more."""
    from .models import Link, MarkdownModel

    if issubclass(sender, MarkdownModel):
        Link.objects.filter(
            source_type__app_label=sender._meta.app_label,
            source_type__model=sender._meta.model_name,
            source_id=instance.pk,
        ).delete()
