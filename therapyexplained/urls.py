from django.contrib import admin
from django.urls import include, path

from . import health, sitemaps, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("blog/", include("articles.urls")),
    path("treatments/", include("modalities.urls")),
    path("faq/", include("faqs.urls")),
    path("topics/", include("topics.urls")),
    path("search/", include("search.urls")),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path(
        "sitemap-<slug:section>-<int:number>.xml", sitemaps.sitemap_section, name="sitemap_section"
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon),
    path("people/", include("people.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler404 = "therapyexplained.views.page_not_found"
handler500 = "therapyexplained.errors.server_error"
