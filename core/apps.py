from django.apps import AppConfig
from django.db.models.signals import post_delete


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site"

    def ready(self):
        post_delete.connect(_forget_links, dispatch_uid="core-forget-links")
        post_delete.connect(_forget_search_document, dispatch_uid="core-forget-search")


def _forget_links(sender, instance, **kwargs):
    """A deleted object's content links nowhere any more, and links to it lead to no
    page until one takes its address again (Page.save attaches them by path)."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Link, MarkdownModel

    if issubclass(sender, MarkdownModel):
        kind = ContentType.objects.get_for_model(sender)
        Link.objects.filter(source_type=kind, source_id=instance.pk).delete()
        Link.objects.filter(target_type=kind, target_id=instance.pk).update(
            target_type=None, target_id=None
        )


def _forget_search_document(sender, instance, **kwargs):
    """Every delete (admin, bulk action, importer, cascade) leaves the search index."""
    from . import search_fields

    if getattr(sender, "SEARCH_WEIGHTS", None):
        search_fields.forget_search_document(instance)
