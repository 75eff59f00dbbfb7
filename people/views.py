from django.db.models import Prefetch
from django.views.generic import DetailView

from articles.models import Article
from core import seo

from .models import Person


class PersonDetailView(seo.PageMixin, DetailView):
    model = Person
    template_name = "people/person_detail.html"
    og_type = "profile"

    def get_queryset(self):
        published = Article.objects.published().for_cards()
        return Person.objects.select_related("photo").prefetch_related(
            Prefetch("articles_written", queryset=published, to_attr="written"),
            Prefetch("articles_reviewed", queryset=published, to_attr="reviewed"),
        )

    def get_page_title(self):
        return self.object.name_with_credentials

    def get_page_description(self):
        return f"Guides written or medically reviewed by {self.object.name_with_credentials}."

    def get_breadcrumbs(self):
        return [seo.Crumb(self.object.name, self.object.get_absolute_url())]

    def get_structured_data(self):
        return [{"@context": "https://schema.org", **seo.person(self.object)}]
