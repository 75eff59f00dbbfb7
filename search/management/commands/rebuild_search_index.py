from django.core.management.base import BaseCommand

from articles.models import Article
from core import search_fields
from faqs.models import FAQ
from modalities.models import Modality


class Command(BaseCommand):
    help = (
        "Recompute every search document from the stored rows: after a bulk "
        "QuerySet.update() or a restore that bypassed save()."
    )

    def handle(self, *args, **options):
        for model in (Article, Modality, FAQ):
            if search_fields.is_postgresql():
                model._base_manager.update(
                    search_vector=search_fields.document(model.SEARCH_WEIGHTS)
                )
            else:
                search_fields.rebuild_fts(model, model.SEARCH_WEIGHTS)
        self.stdout.write("Search index rebuilt.")
