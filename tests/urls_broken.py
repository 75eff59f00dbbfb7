"""The site's URLs plus one view that fails, to see the 500 page readers get."""

from django.urls import path

from therapyexplained.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*site_urlpatterns, path("boom/", boom)]
