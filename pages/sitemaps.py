from django.db.models import F

from core.sitemaps import SiteURLSitemap

from .models import SitePage


class SitePageSitemap(SiteURLSitemap):
    url_name = SitePage.url_name

    def items(self):
        return (
            SitePage.objects.published()
            .values("slug", lastmod=F("updated_at"))
            .order_by("title", "pk")
        )
