from django.contrib import admin
from django.urls import include, path

from . import sitemaps, views

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
    path("admin/", admin.site.urls),
]

handler404 = "therapyexplained.views.page_not_found"
