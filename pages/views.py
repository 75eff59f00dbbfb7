from django.conf import settings
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from core import permissions, seo

from .models import SitePage


class SitePageView(seo.PageMixin, DetailView):
    """A site page; staff who may view site pages in the admin also see drafts here."""

    template_name = "pages/site_page.html"
    context_object_name = "page"
    preview = False

    def get_queryset(self):
        if permissions.may_preview_unpublished(self.request, SitePage):
            return SitePage.objects.all()
        return SitePage.objects.published()

    def get_page_title(self):
        return self.object.title

    def get_page_description(self):
        return self.object.summary

    def get_breadcrumbs(self):
        return [seo.Crumb(self.object.title, self.object.get_absolute_url())]

    def get_context_data(self, **kwargs):
        self.preview = self.noindex = not self.object.is_live
        return super().get_context_data(
            contact_email=settings.CONTACT_EMAIL, preview=self.preview, **kwargs
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.preview:
            # Never cache or index a page readers must not see.
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
