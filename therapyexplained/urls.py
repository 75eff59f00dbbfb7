from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import sitemaps as site_maps
from images.views import media

from . import health, views
from .sitemaps import SITEMAPS

# The admin is where editors work: it says whose it is, in the site's words.
admin.site.site_header = "TherapyExplained: editors' desk"
admin.site.site_title = "TherapyExplained editors' desk"
admin.site.index_title = "Editors' desk"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("blog/", include("articles.urls")),
    path("treatments/", include("modalities.urls")),
    path("faq/", include("faqs.urls")),
    path("topics/", include("topics.urls")),
    path("search/", include("search.urls")),
    path("help/", include("helplines.urls")),
    path(
        "sitemap.xml",
        site_maps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        site_maps.section,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon),
    path("people/", include("people.urls")),
    path("media/<path:path>", media, name="media"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("pages.urls")),  # /about/, /privacy/...: the site's own pages
]

handler404 = "therapyexplained.views.page_not_found"
handler500 = "therapyexplained.errors.server_error"
