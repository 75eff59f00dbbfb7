import logging

from django.http import HttpResponsePermanentRedirect

from . import paths
from .models import PathRedirect

log = logging.getLogger(__name__)


class PermanentRedirectMiddleware:
    """Answer a 404 with a 301 when the page moved; live pages are never redirected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # NUL cannot be stored (PostgreSQL refuses it), so no redirect can start with it.
        if response.status_code != 404 or "\x00" in request.path:
            return response
        target = (
            PathRedirect.objects.filter(old_path=request.path)
            .values_list("new_path", flat=True)
            .first()
        )
        if target is None:
            return response
        if not paths.is_site_path(target):
            # Saved around the model's validation (a shell, a bulk update): never send a
            # reader to another site.
            log.warning(
                "Ignored a redirect from %s to something that is not a site path", request.path
            )
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
