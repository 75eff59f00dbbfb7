from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.views.generic import DetailView, ListView

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


class PeopleListView(seo.PageMixin, ListView):
    """Everyone named on a published guide, as writer or reviewer, with those guides.

    Someone named only on drafts is not announced before the guide is (as the sitemap).
    """

    template_name = "people/person_list.html"
    context_object_name = "people"
    page_title = "Who writes and reviews our guides"
    page_description = "The people who write and review the guides on TherapyExplained."

    def get_queryset(self):
        published = Article.objects.published()
        guides = published.only("slug", "title", "author_id", "reviewer_id").order_by("title")
        return (
            Person.objects.select_related("photo")
            .filter(
                Q(Exists(published.filter(author=OuterRef("pk"))))
                | Q(Exists(published.filter(reviewer=OuterRef("pk"))))
            )
            .prefetch_related(
                Prefetch("articles_written", queryset=guides, to_attr="written"),
                Prefetch("articles_reviewed", queryset=guides, to_attr="reviewed"),
            )
        )

    def get_breadcrumbs(self):
        return [seo.Crumb("People", reverse("people:list"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reviewers"] = [person for person in context["people"] if person.reviewed]
        return context
