"""sitemap.xml: an index of one sitemap per kind of page, each listing every
published page with its last modification time (django.contrib.sitemaps; a
section past 50,000 URLs is split into ?p= pages). Addresses are SITE_URL +
path, the same as each page's canonical link (core.sitemaps).
"""

from django.db.models import Max
from django.urls import reverse

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from core.sitemaps import SiteURLSitemap
from modalities.models import Modality
from modalities.sitemaps import ModalitySitemap
from pages.sitemaps import SitePageSitemap
from people.sitemaps import PersonSitemap
from topics.models import Topic
from topics.sitemaps import TopicSitemap


def _latest(*moments):
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


class PageSitemap(SiteURLSitemap):
    """The lists and the home page: each changes when what it lists does."""

    def items(self):
        article = Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        therapy = Modality.objects.aggregate(latest=Max("updated_at"))["latest"]
        topic = Topic.objects.aggregate(latest=Max("updated_at"))["latest"]
        return [
            {"url_name": "home", "lastmod": _latest(article, therapy)},
            {"url_name": "articles:list", "lastmod": article},
            {"url_name": "modalities:list", "lastmod": therapy},
            {"url_name": "faqs:index", "lastmod": article},
            {"url_name": "topics:list", "lastmod": _latest(topic, article)},
            # Lists everyone named on a published guide: it changes when the guides do.
            {"url_name": "people:list", "lastmod": article},
        ]

    def location(self, item):
        return reverse(item["url_name"])


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "therapies": ModalitySitemap,
    "topics": TopicSitemap,
    "people": PersonSitemap,
    "sitepages": SitePageSitemap,
}
