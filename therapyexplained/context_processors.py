from django.conf import settings


def site(request):
    """Site-wide values every template needs."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
