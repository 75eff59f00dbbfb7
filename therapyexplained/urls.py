from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("blog/", include("articles.urls")),
    path("treatments/", include("modalities.urls")),
    path("faq/", include("faqs.urls")),
    path("people/", include("people.urls")),
    path("admin/", admin.site.urls),
]
