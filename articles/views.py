from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from modalities.models import ComparisonRow

from .models import Article


class ArticleListView(ListView):
    queryset = Article.objects.published().defer("body", "body_html", "toc_html")
    paginate_by = 10
    template_name = "articles/article_list.html"


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"

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
                Prefetch(
                    "related",
                    queryset=Article.objects.published().defer("body", "body_html", "toc_html"),
                    to_attr="related_published",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            checklist=getattr(article, "checklist", None),
            comparison_rows=article.comparison_rows.all(),
            timeline_steps=article.timeline_steps.all(),
            faqs=article.faqs.all(),
            **kwargs,
        )
