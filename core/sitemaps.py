"""What django.contrib.sitemaps needs to list pages at SITE_URL addresses.

contrib.sitemaps builds each address from the request's host (RequestSite, as
the sites framework is not installed); ours are SITE_URL + path, the same as
each page's canonical link. Apps subclass SiteURLSitemap; their items are rows
(dicts) with "slug" and "lastmod" (a time, or a date), read in one query per sitemap page.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as contrib
from django.urls import reverse
from django.views.decorators.http import require_safe

from .query_params import reads_query_params
from .seo import absolute

# contrib's own sitemap.xml template writes lastmod as a date only; ours keeps the
# time to the second, with its offset (a W3C datetime), as the sitemap always had.
URLSET_TEMPLATE = "sitemaps/urlset.xml"


class SiteURLSitemap(Sitemap):
    url_name = ""

    def get_protocol(self, protocol=None):
        return settings.SITE_URL.partition("://")[0]

    def get_domain(self, site=None):
        return settings.SITE_URL.partition("://")[2]  # SITE_URL without its scheme

    def location(self, item):
        return reverse(self.url_name, args=[item["slug"]])

    def lastmod(self, item):
        return _to_the_second(item["lastmod"])

    def get_latest_lastmod(self):
        """For the index: one query, not one per item."""
        latest = max(
            (row["lastmod"] for row in self.items() if row["lastmod"] is not None), default=None
        )
        return _to_the_second(latest)


def _to_the_second(moment):
    """A lastmod as the sitemap writes it: a time to the second, or a date (the date a
    page shows as "Last updated")."""
    if isinstance(moment, datetime.datetime):
        return moment.replace(microsecond=0)
    return moment


@require_safe
def index(request, sitemaps, sitemap_url_name):
    """contrib's index, with each sitemap's address at SITE_URL, not the request's host."""
    response = contrib.index(request, sitemaps, sitemap_url_name=sitemap_url_name)
    for entry in response.context_data["sitemaps"]:
        parts = urlsplit(entry.location)
        entry.location = absolute(parts.path + (f"?{parts.query}" if parts.query else ""))
    return response


@require_safe
@reads_query_params("p")
def section(request, sitemaps, section):
    return contrib.sitemap(request, sitemaps, section=section, template_name=URLSET_TEMPLATE)
