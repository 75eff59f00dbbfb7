from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView

from articles.models import Article
from core import seo
from core.query_params import reads_query_params
from modalities.models import Modality

from .models import Topic


class TopicListView(seo.PageMixin, ListView):
    template_name = "topics/topic_list.html"
    context_object_name = "topics"
    page_title = "Topics"
    page_description = "Browse the guides and therapies on TherapyExplained by topic."

    def get_queryset(self):
        published = Article.objects.published().values("pk")
        return Topic.objects.defer("body", "body_html").annotate(
            article_count=Count("articles", filter=Q(articles__in=published))
        )

    def get_breadcrumbs(self):
        return [seo.Crumb("Topics", reverse("topics:list"))]


@reads_query_params("page")
class TopicDetailView(seo.PageMixin, ListView):
    """A topic's introduction, its published guides (paginated) and its therapies."""

    template_name = "topics/topic_detail.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return Article.objects.published().for_cards().filter(topics=self.topic)

    def get_page_title(self):
        return self.topic.name

    def get_page_description(self):
        return self.topic.summary

    def get_breadcrumbs(self):
        return [
            seo.Crumb("Topics", reverse("topics:list")),
            seo.Crumb(self.topic.name, self.topic.get_absolute_url()),
        ]

    def get_context_data(self, **kwargs):
        modalities = Modality.objects.defer("body", "body_html").filter(topics=self.topic)
        return super().get_context_data(topic=self.topic, modalities=modalities, **kwargs)
