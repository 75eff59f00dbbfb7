from django.db.models import Prefetch
from django.urls import reverse
from django.views.generic import DetailView, ListView

from modalities.models import ComparisonRow
from therapyexplained import seo

from .models import Article

RELATED_BY_TOPIC = 3


class ArticleListView(seo.PageMixin, ListView):
    queryset = Article.objects.published().for_cards()
    paginate_by = 10
    template_name = "articles/article_list.html"
    page_title = "Guides"
    page_description = "Long-form guides to therapy, attachment and mental health."

    def get_breadcrumbs(self):
        return [seo.Crumb("Guides", reverse("articles:list"))]


class ArticleDetailView(seo.PageMixin, DetailView):
    template_name = "articles/article_detail.html"
    og_type = "article"

    def get_queryset(self):
        # Everything the page shows, in a fixed number of queries.
        return (
            Article.objects.published()
            .select_related("checklist")
            .prefetch_related(
                "checklist__items",
                Prefetch(
                    "comparison_rows", queryset=ComparisonRow.objects.select_related("modality")
                ),
                "faqs",
                "timeline_steps",
                "topics",
                Prefetch(
                    "related",
                    queryset=Article.objects.published().for_cards(),
                    to_attr="related_published",
                ),
            )
        )

    def related_articles(self):
        """The editor's list when there is one, otherwise articles on the same topics."""
        article = self.object
        if article.related_published:
            return article.related_published
        topic_ids = [topic.pk for topic in article.topics.all()]
        if not topic_ids:
            return []
        candidates = Article.objects.published().for_cards().sharing_topics(article, topic_ids)
        return list(candidates[:RELATED_BY_TOPIC])

    def get_page_title(self):
        return self.object.title

    def get_page_description(self):
        return self.object.summary

    def get_breadcrumbs(self):
        return [
            seo.Crumb("Guides", reverse("articles:list")),
            seo.Crumb(self.object.title, self.object.get_absolute_url()),
        ]

    def get_structured_data(self):
        article = self.object
        data = [seo.article_page(article, article.topics.all())]
        if article.faqs.all():
            data.append(seo.faq_page(article.faqs.all()))
        return data

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            checklist=getattr(article, "checklist", None),
            comparison_rows=article.comparison_rows.all(),
            timeline_steps=article.timeline_steps.all(),
            faqs=article.faqs.all(),
            topics=article.topics.all(),
            related_articles=self.related_articles(),
            **kwargs,
        )
