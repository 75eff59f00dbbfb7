from django.db.models import F

from core.sitemaps import SiteURLSitemap

from .models import Article


class ArticleSitemap(SiteURLSitemap):
    """Published articles, never drafts or those scheduled for later."""

    url_name = Article.url_name

    def items(self):
        return Article.objects.published().values("slug", lastmod=F("updated_at"))
