from dataclasses import dataclass, replace

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from core import markup, permissions, seo
from core.models import local_time_label
from core.query_params import reads_query_params
from images.models import Image

from . import review_links
from .models import Article, ComparisonRow

RELATED_BY_TOPIC = 3
# The lead image spans the article column (48rem less the page's padding), or the screen.
LEAD_IMAGE_SIZES = "(min-width: 50rem) 46rem, calc(100vw - 2rem)"


@reads_query_params("page")
class ArticleListView(seo.PageMixin, ListView):
    paginate_by = 10
    template_name = "articles/article_list.html"
    page_title = "Guides"
    page_description = "Long-form guides to therapy, attachment and mental health."

    def get_queryset(self):
        # Per request: a class-level queryset would fix "now" at import time, and
        # scheduled articles would never appear.
        return Article.objects.published().for_cards()

    def get_breadcrumbs(self):
        return [seo.Crumb("Guides", reverse("articles:list"))]


def article_page_queryset(articles):
    """Everything the article page shows, in a fixed number of queries."""
    return articles.select_related(
        "checklist", "author__photo", "reviewer__photo", "lead_image"
    ).prefetch_related(
        "checklist__items",
        Prefetch("comparison_rows", queryset=ComparisonRow.objects.select_related("modality")),
        "faqs",
        "timeline_steps",
        "sources",
        "topics",
        Prefetch(
            "related",
            queryset=Article.objects.published().for_cards(),
            to_attr="related_published",
        ),
    )


@dataclass
class ArticleParts:
    """What the article page shows beside the article's own fields.

    Lists, not related managers: the admin's preview fills them from an unsaved form.
    """

    checklist: object = None
    checklist_items: list = ()
    comparison_rows: list = ()
    timeline_steps: list = ()
    faqs: list = ()
    sources: list = ()
    topics: list = ()
    related: list = ()  # the editor's choice of related posts, published ones only
    images: dict = None  # the library images the body places, by slug

    @classmethod
    def saved(cls, article):
        """The parts as stored (prefetched by article_page_queryset)."""
        checklist = getattr(article, "checklist", None)
        return cls(
            checklist=checklist,
            checklist_items=list(checklist.items.all()) if checklist else [],
            comparison_rows=list(article.comparison_rows.all()),
            timeline_steps=list(article.timeline_steps.all()),
            faqs=list(article.faqs.all()),
            sources=list(article.sources.all()),
            topics=list(article.topics.all()),
            related=article.related_published,
            images=images_placed(article),
        )


def images_placed(article):
    """The library images an article's body places, by slug, in one query (none if none)."""
    slugs = {part.name for part in article.body_parts if part.kind == "image"}
    return {image.slug: image for image in Image.objects.filter(slug__in=slugs)} if slugs else {}


def body_parts(article, images):
    """The body's parts, each [[image:slug]] given its image (None if not in the library)."""
    return [
        replace(part, image=images.get(part.name)) if part.kind == "image" else part
        for part in article.body_parts
    ]


def may_preview_drafts(request):
    return permissions.may_preview_unpublished(request, Article)


class ArticleDetailView(seo.PageMixin, DetailView):
    """The article page; staff who may view articles in the admin also see drafts and
    scheduled articles here, as a preview."""

    template_name = "articles/article_detail.html"
    og_type = "article"
    preview_banner = ""

    def get_queryset(self):
        if may_preview_drafts(self.request):
            return article_page_queryset(Article.objects.all())
        return article_page_queryset(Article.objects.published())

    def get_parts(self):
        return ArticleParts.saved(self.object)

    def related_articles(self, parts):
        """The editor's list when there is one, otherwise articles on the same topics."""
        article = self.object
        chosen = [other for other in parts.related if other.pk != article.pk]
        if chosen:
            return chosen
        topic_ids = [topic.pk for topic in parts.topics]
        if not topic_ids:
            return []
        candidates = Article.objects.published().for_cards().sharing_topics(article, topic_ids)
        return list(candidates[:RELATED_BY_TOPIC])

    def get_page_title(self):
        return self.object.search_title

    def get_page_description(self):
        return self.object.search_description

    def get_breadcrumbs(self):
        return [
            seo.Crumb("Guides", reverse("articles:list")),
            seo.Crumb(self.object.title, self.object.get_absolute_url()),
        ]

    def get_share_image(self):
        """The lead image's 1200x630 crop around its focal point, or the site's card."""
        lead = self.object.lead_image
        share = lead.share if lead else None
        if share is None:
            return super().get_share_image()
        url = default_storage.url(share["name"])
        url = url if "://" in url else seo.absolute(url)
        return seo.ShareImage(url, share["width"], share["height"], lead.alt)

    def get_structured_data(self):
        data = [seo.article_page(self.object, self.parts.topics)]
        if self.parts.faqs:
            data.append(seo.faq_page(self.parts.faqs))
        return data

    def get_context_data(self, **kwargs):
        article = self.object
        if not article.is_live and not self.preview_banner:
            self.preview_banner = "Draft preview: readers cannot see this article yet."
        self.noindex = bool(self.preview_banner)
        self.parts = parts = self.get_parts()
        return super().get_context_data(
            checklist=parts.checklist,
            checklist_items=parts.checklist_items,
            comparison_rows=parts.comparison_rows,
            timeline_steps=parts.timeline_steps,
            faqs=parts.faqs,
            sources=parts.sources,
            topics=parts.topics,
            related_articles=self.related_articles(parts),
            toc_entries=markup.toc_entries(article.toc_html)
            + bool(parts.faqs)
            + bool(parts.sources),
            body_parts=body_parts(article, parts.images or {}),
            lead_sizes=LEAD_IMAGE_SIZES,
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
    """A draft shown to a reviewer without an account, through a signed, expiring link
    (the rules are in review_links)."""

    def get(self, request, token):
        try:
            copy = review_links.copy_for(token, article_page_queryset(Article.objects))
        except review_links.LinkInvalid as problem:
            response = render(
                request,
                "articles/review_link_invalid.html",
                {
                    "problem": str(problem),
                    "article": problem.article,
                    "meta": seo.PageMeta(
                        title="Review link not available",
                        description="This review link has expired or was replaced.",
                        path=None,
                        noindex=True,
                    ),
                },
                status=problem.status,
            )
            add_never_cache_headers(response)
            return response
        self.object = copy.article
        self.preview_banner = review_banner(copy)
        return self.render_to_response(self.get_context_data(object=self.object))


def review_banner(copy):
    """What the reviewer is reading (the page adds its status: draft or scheduled for when)."""
    banner = "Review copy: not published. Please do not share this link."
    if copy.changed_since_made:
        made, saved = local_time_label(copy.made), local_time_label(copy.article.updated_at)
        banner += f" Changed since this link was made on {made} (last saved {saved})."
    return banner
