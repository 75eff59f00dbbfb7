from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

from articles.models import Article
from core.sitemaps import SiteURLSitemap

from .models import Person


def _latest_published(role):
    """When the person's newest published article in that role ("author" or
    "reviewer") last changed; None if there is none."""
    articles = Article.objects.published().filter(**{role: OuterRef("pk")}).order_by()
    return Subquery(articles.values(role).annotate(latest=Max("updated_at")).values("latest"))


class PersonSitemap(SiteURLSitemap):
    """People who wrote or reviewed a published article: those readers reach from a
    byline. Someone named only on drafts is not announced before the article is.

    A person's page lists their published articles, so it changes when they do.
    """

    url_name = Person.url_name

    def items(self):
        return (
            Person.objects.annotate(
                written=_latest_published("author"), reviewed=_latest_published("reviewer")
            )
            .filter(Q(written__isnull=False) | Q(reviewed__isnull=False))
            .annotate(
                lastmod=Greatest(
                    "updated_at",
                    Coalesce("written", "updated_at"),
                    Coalesce("reviewed", "updated_at"),
                )
            )
            .values("slug", "lastmod")
            .order_by("name", "pk")
        )
