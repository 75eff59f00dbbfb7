from django.db.models import Prefetch
from django.views.generic import DetailView

from articles.models import Article

from .models import Person


class PersonDetailView(DetailView):
    model = Person
    template_name = "people/person_detail.html"

    def get_queryset(self):
        published = Article.objects.published().defer("body", "body_html", "toc_html")
        return Person.objects.prefetch_related(
            Prefetch("articles_written", queryset=published, to_attr="written"),
            Prefetch("articles_reviewed", queryset=published, to_attr="reviewed"),
        )
