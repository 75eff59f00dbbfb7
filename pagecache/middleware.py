"""Whole public pages in the shared cache, keyed by the content version.

GET/HEAD requests are served from the cache unless they come from a signed-in
staff member (pagecache.staff_cookie), and are keyed by the query parameters
their view reads (pagecache.params). Only responses to requests without a
session are stored, and only public ones: a 200 with no cookie and no private
or no-store Cache-Control (drafts, previews, health checks opt out that way).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from . import params, staff_cookie
from . import version as content_version

log = logging.getLogger(__name__)
# And the admin and media (their own long cache headers), wherever their settings put them.
SKIP_PREFIXES = ("/healthz", "/readyz", "/static/")


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        current = self.current(request)
        query = None if current is None else params.declared_query(request)
        if query is None:
            return self.get_response(request)
        key = page_key(request, current, query)
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if self.storable(request, response):
            response["Last-Modified"] = http_date(current.moment / 1_000_000)
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if not response.streaming:
                set_response_etag(response)
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def current(request):
        """The content version to serve this request under; None to bypass the cache."""
        if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return None
        skipped = (*SKIP_PREFIXES, settings.MEDIA_URL, f"/{settings.ADMIN_URL}")
        if request.path.startswith(skipped):
            return None
        if staff_cookie.is_staff_browser(request):
            return None  # signed-in staff may see drafts: never share their pages
        return content_version.current()  # None: cache unreachable, serve from the database

    @staticmethod
    def storable(request, response):
        control = response.get("Cache-Control", "")
        return (
            # A page made for someone signed in is not shared, whoever they are.
            settings.SESSION_COOKIE_NAME not in request.COOKIES
            and response.status_code == 200
            and not response.cookies
            and "private" not in control
            and "no-store" not in control
            and "no-cache" not in control
        )


def page_key(request, current, query):
    url = f"{request.build_absolute_uri(request.path)}?{query}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page:{current.version}:{current.moment}:{digest}"
