from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles.models import Article
from core import seo
from modalities.models import Modality


class HomeView(seo.PageMixin, TemplateView):
    template_name = "home.html"

    def get_structured_data(self):
        return [seo.website()]

    def get_context_data(self, **kwargs):
        articles = list(Article.objects.published().for_cards()[:7])
        return super().get_context_data(
            lead=articles[0] if articles else None,
            recent=articles[1:],
            modalities=Modality.objects.defer("body", "body_html"),
            **kwargs,
        )


def page_not_found(request, exception):
    meta = seo.PageMeta(
        title="Page not found",
        description="The page you asked for is not here.",
        path=None,
        # No link to the requested path: it is whatever the visitor typed (//evil.example).
        breadcrumbs=seo.home_trail([seo.Crumb("Page not found", "")]),
        noindex=True,
    )
    return render(request, "404.html", {"meta": meta}, status=404)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {seo.absolute(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    # Resolved per request: the hashed name exists only once static files are collected.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
