from django.views.generic import TemplateView

from articles.models import Article
from modalities.models import Modality


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        articles = list(Article.objects.published().defer("body", "body_html", "toc_html")[:7])
        return super().get_context_data(
            lead=articles[0] if articles else None,
            recent=articles[1:],
            modalities=Modality.objects.defer("body", "body_html"),
            **kwargs,
        )
