from core.sitemaps import SiteURLSitemap

from .models import Article


class ArticleSitemap(SiteURLSitemap):
    """Published articles, never drafts or those scheduled for later."""

    url_name = Article.url_name

    def items(self):
        # lastmod is the date readers see as "Last updated" (Article.last_updated).
        articles = Article.objects.published().only("slug", "updated_on", "published_at")
        return [{"slug": a.slug, "lastmod": a.last_updated} for a in articles]
