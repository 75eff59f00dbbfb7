from core.sitemaps import SiteURLSitemap

from .models import Modality


class ModalitySitemap(SiteURLSitemap):
    url_name = Modality.url_name

    def items(self):
        # lastmod is the date the page's JSON-LD gives (Modality.last_updated).
        modalities = Modality.objects.only("slug", "updated_on", "updated_at")
        return [
            {"slug": m.slug, "lastmod": m.last_updated}
            for m in modalities.order_by("order", "name", "pk")
        ]
