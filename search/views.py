from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import TemplateView

from core import seo
from core.query_params import reads_query_params
from topics.models import Topic

from . import engine


# `q` is free text, so results are rendered each time; only the empty /search/
# page is stored (core.query_params).
@reads_query_params("q", "page", "kind")
class SearchView(seo.PageMixin, TemplateView):
    """/search/?q=: always a helpful page, whatever the query holds."""

    template_name = "search/results.html"
    noindex = True  # result lists are for readers, not for search engines' indexes
    page_description = "Search the guides, therapy pages and answers on TherapyExplained."

    def get(self, request, *args, **kwargs):
        self.query = engine.clean_query(request.GET.get("q", ""))
        kind = request.GET.get("kind", "")
        self.kind = kind if kind in engine.KINDS else ""
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        if self.query.problem:
            return "Search"
        return f"Search results for “{self.query.text}”"

    def get_breadcrumbs(self):
        return [seo.Crumb("Search", self.get_canonical_path(1))]

    def get_canonical_path(self, page_number):
        params = {"q": self.query.text} if self.query.text else {}
        if self.kind and self.query.text:
            params["kind"] = self.kind
        if page_number > 1:
            params["page"] = page_number
        path = reverse("search:results")
        return f"{path}?{urlencode(params)}" if params else path

    def get_context_data(self, **kwargs):
        context = {"query": self.query}
        if self.query.problem:
            context["topics"] = Topic.objects.defer("body", "body_html")
        else:
            found = engine.search(self.query, self.request.GET.get("page", 1), self.kind)
            context.update(found=found, page_obj=found.page, kind=self.kind)
        return super().get_context_data(**context, **kwargs)
