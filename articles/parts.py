"""Parts of an article edited on their own (FAQs, checklist items, rows...).

Saving or deleting one raises the article's version, so that a change form
opened on the article before that edit is refused instead of writing its stale
copy of the part back (optimistic locking covers the whole article).
"""

from django.apps import apps
from django.db.models import F


class PartOfArticle:
    # How to find the owning article from this part: Article lookup -> own field.
    article_lookup = ("pk", "article_id")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._touch_article()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._touch_article()
        return result

    def _touch_article(self):
        lookup, own_field = self.article_lookup
        article = apps.get_model("articles", "Article")
        article.objects.filter(**{lookup: getattr(self, own_field)}).update(
            version=F("version") + 1
        )
