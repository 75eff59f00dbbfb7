from django.urls import re_path

from . import views
from .models import SITE_PAGE_SLUGS

app_name = "pages"
urlpatterns = [
    re_path(
        rf"^(?P<slug>{'|'.join(SITE_PAGE_SLUGS)})/$",
        views.SitePageView.as_view(),
        name="detail",
    )
]
