from django.urls import reverse
from django.views.generic import ListView

from articles.models import Article
from core import seo


class FAQIndexView(seo.PageMixin, ListView):
    """Every published article's questions, grouped by article."""

    template_name = "faqs/faq_index.html"
    context_object_name = "articles"
    page_title = "Frequently asked questions"
    page_description = (
        "Answers to common questions about therapy, attachment and what treatment involves."
    )

    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(faqs__isnull=False)
            .distinct()
            .for_cards()
            .prefetch_related("faqs")
        )

    def get_breadcrumbs(self):
        return [seo.Crumb("FAQ", reverse("faqs:index"))]

    def get_structured_data(self):
        faqs = [faq for article in self.object_list for faq in article.faqs.all()]
        return [seo.faq_page(faqs)] if faqs else []
