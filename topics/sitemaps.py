from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest

from articles.models import Article
from core.sitemaps import SiteURLSitemap

from .models import Topic


class TopicSitemap(SiteURLSitemap):
    """A topic page lists its published articles: it changes when they do."""

    url_name = Topic.url_name

    def items(self):
        published = Article.objects.published().values("pk")
        latest_article = Max("articles__updated_at", filter=Q(articles__in=published))
        return (
            Topic.objects.annotate(
                lastmod=Greatest("updated_at", Coalesce(latest_article, "updated_at"))
            )
            .values("slug", "lastmod")
            .order_by("order", "name", "pk")
        )
