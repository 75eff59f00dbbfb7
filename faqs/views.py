from django.views.generic import ListView

from articles.models import Article


class FAQIndexView(ListView):
    """Every published article's questions, grouped by article."""

    template_name = "faqs/faq_index.html"
    context_object_name = "articles"

    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(faqs__isnull=False)
            .distinct()
            .defer("body", "body_html", "toc_html")
            .prefetch_related("faqs")
        )
