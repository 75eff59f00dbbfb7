"""RSS and Atom feeds of the latest published guides, with SITE_URL addresses."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from core.seo import SITE_DESCRIPTION, absolute

from .models import Article

FEED_LENGTH = 20


class LatestArticlesRSS(Feed):
    title = f"{settings.SITE_NAME}: latest guides"
    description = SITE_DESCRIPTION
    url_name = "articles:feed_rss"

    def link(self):
        return absolute(reverse("articles:list"))

    def feed_url(self):
        return absolute(reverse(self.url_name))

    def items(self):
        return (
            Article.objects.published()
            .for_cards()
            .select_related("author")
            .prefetch_related("topics")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed descriptions are HTML; the summary is plain text.
        return escape(item.summary)

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class LatestArticlesAtom(LatestArticlesRSS):
    feed_type = Atom1Feed
    subtitle = SITE_DESCRIPTION
    url_name = "articles:feed_atom"
