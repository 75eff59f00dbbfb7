from django.db.models import F

from core.sitemaps import SiteURLSitemap

from .models import Modality


class ModalitySitemap(SiteURLSitemap):
    url_name = Modality.url_name

    def items(self):
        return Modality.objects.values("slug", lastmod=F("updated_at")).order_by(
            "order", "name", "pk"
        )
