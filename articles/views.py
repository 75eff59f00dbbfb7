from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from modalities.models import ComparisonRow

from . import review_links
from .models import Article


class ArticleListView(ListView):
    paginate_by = 10
    template_name = "articles/article_list.html"

    def get_queryset(self):
        # Per request: a class-level queryset would fix "now" at import time, and
        # scheduled articles would never appear.
        return Article.objects.published().defer("body", "body_html", "toc_html")


def article_page_queryset(articles):
    """Everything the article page shows, in a fixed number of queries."""
    return articles.select_related("checklist", "author", "reviewer").prefetch_related(
        "checklist__items",
        Prefetch("comparison_rows", queryset=ComparisonRow.objects.select_related("modality")),
        "faqs",
        "timeline_steps",
        "sources",
        Prefetch(
            "related",
            queryset=Article.objects.published().defer("body", "body_html", "toc_html"),
            to_attr="related_published",
        ),
    )


class ArticleDetailView(DetailView):
    """The article page; staff also see drafts and scheduled articles here, as a preview."""

    template_name = "articles/article_detail.html"
    preview_banner = ""

    def get_queryset(self):
        if self.request.user.is_staff:
            return article_page_queryset(Article.objects.all())
        return article_page_queryset(Article.objects.published())

    def get_context_data(self, **kwargs):
        article = self.object
        if not article.is_live and not self.preview_banner:
            self.preview_banner = "Draft preview: readers cannot see this article yet."
        return super().get_context_data(
            checklist=getattr(article, "checklist", None),
            comparison_rows=article.comparison_rows.all(),
            timeline_steps=article.timeline_steps.all(),
            faqs=article.faqs.all(),
            sources=article.sources.all(),
            preview_banner=self.preview_banner,
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["preview_banner"]:
            # Never cache or index a page readers must not see.
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class ReviewLinkView(ArticleDetailView):
    """A draft shown to a reviewer without an account, through a signed, expiring link."""

    preview_banner = "Review copy: not published. Please do not share this link."

    def get(self, request, token):
        try:
            self.object = review_links.article_for(token, article_page_queryset(Article.objects))
        except review_links.LinkInvalid as problem:
            response = render(
                request,
                "articles/review_link_invalid.html",
                {"problem": str(problem), "article": problem.article},
                status=problem.status,
            )
            add_never_cache_headers(response)
            return response
        if self.object is None:
            raise Http404("No such article.")
        return self.render_to_response(self.get_context_data(object=self.object))
