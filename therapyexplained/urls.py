from django.contrib import admin
from django.urls import include, path

from . import health, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("blog/", include("articles.urls")),
    path("treatments/", include("modalities.urls")),
    path("faq/", include("faqs.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler500 = "therapyexplained.errors.server_error"
