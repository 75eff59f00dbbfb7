from django.urls import reverse
from django.views.generic import DetailView, ListView

from articles.models import Article
from core import seo

from .models import Modality


class ModalityListView(seo.PageMixin, ListView):
    model = Modality
    template_name = "modalities/modality_list.html"
    page_title = "Therapies explained"
    page_description = "What each therapy involves, who it suits and what the evidence says."

    def get_breadcrumbs(self):
        return [seo.Crumb("Therapies", reverse("modalities:list"))]


class ModalityDetailView(seo.PageMixin, DetailView):
    queryset = Modality.objects.prefetch_related("topics", "sources")
    template_name = "modalities/modality_detail.html"

    def get_page_title(self):
        return self.object.display_name

    def get_page_description(self):
        return self.object.summary

    def get_breadcrumbs(self):
        return [
            seo.Crumb("Therapies", reverse("modalities:list")),
            seo.Crumb(self.object.display_name, self.object.get_absolute_url()),
        ]

    def get_structured_data(self):
        return [seo.therapy_page(self.object)]

    def get_context_data(self, **kwargs):
        articles = Article.objects.published().for_cards().discussing(self.object)
        return super().get_context_data(
            articles=articles, sources=list(self.object.sources.all()), **kwargs
        )
