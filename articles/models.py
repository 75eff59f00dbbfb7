import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import checks, markup
from core.models import Link, PublishedPage, PublishedQuerySet, Rendered
from core.search_fields import SearchableManager, SearchVectorField

from . import review_links
from .parts import PartOfArticle

# Card lists and related posts never need the article's body.
CARD_DEFERRED = ("body", "body_html", "toc_html")
EMBEDS = ("checklist", "comparison", "timeline", "image")
KEY_POINTS = (3, 5)  # how many an article's "Key points" box may hold


class ArticleQuerySet(PublishedQuerySet):
    def for_cards(self):
        return self.defer(*CARD_DEFERRED)

    def discussing(self, page):
        """Articles that compare the therapy in their table or link to its page.

        Links are read from the links table, so a therapy that changes slug keeps them.
        """
        return self.filter(
            Q(comparison_rows__modality=page) | Q(pk__in=Link.sources_of(Article, page))
        ).distinct()

    def sharing_topics(self, article, topic_ids):
        """Other articles on the given topics, those sharing the most first."""
        return (
            self.exclude(pk=article.pk)
            .filter(topics__in=topic_ids)
            .annotate(shared_topics=Count("topics"))
            .order_by("-shared_topics", "-published_at", "-pk")
        )


def validate_https(url):
    if url and not url.startswith("https://"):
        raise ValidationError("Use an https address.")


def validate_button_url(url):
    if (
        url
        and not (url.startswith("/") and not url.startswith("//"))
        and not url.startswith("https://")
    ):
        raise ValidationError("Use a site path such as /treatments/ or an https URL.")


class Article(PublishedPage):
    url_name = "articles:detail"
    embeds = EMBEDS
    markdown_fields = (
        Rendered(
            "body", "body_html", "body_text", document=True, toc="toc_html",
            minutes="reading_minutes",
        ),
        Rendered("cta_text", "cta_html"),
    )  # fmt: skip

    title = models.CharField(max_length=200)
    summary = models.TextField(
        help_text="The standfirst under the title, in plain text; also the meta description "
        "unless one is set under “Search and sharing”."
    )
    seo_title = models.CharField(
        "search title",
        max_length=200,
        blank=True,
        help_text="The title search engines and shared links show; leave empty to use the title.",
    )
    meta_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="The snippet search engines and shared links show; leave empty to use the "
        "summary.",
    )
    lead_image = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles_led",
        help_text="Shown under the standfirst, and cropped from its focal point as the image "
        "of shared links.",
    )
    body = models.TextField(
        help_text="Markdown. ## and ### headings make the table of contents. A line "
        "[[checklist]], [[comparison]] or [[timeline]] places that component."
    )
    body_html = models.TextField(editable=False, default="")
    toc_html = models.TextField(editable=False, default="")
    reading_minutes = models.PositiveIntegerField(editable=False, default=1)
    author = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles_written",
        help_text="Shown as “Written by”.",
    )
    reviewer = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles_reviewed",
        verbose_name="clinical reviewer",
        help_text="The clinician who checked the article; shown as “Medically reviewed by”.",
    )
    reviewed_on = models.DateField(
        "medically reviewed on", null=True, blank=True, help_text="Required with a reviewer."
    )
    next_review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text="When the article should be checked again; overdue articles are flagged "
        "in the list.",
    )
    updated_on = models.DateField(
        "last updated",
        null=True,
        blank=True,
        help_text="Set it when you make a substantive change; readers see it as “Last updated”.",
    )
    checked_on = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        help_text="When the editors last checked the guide against its sources; readers see "
        "it as “Last reviewed”.",
    )
    key_points = models.TextField(
        blank=True,
        help_text="3 to 5 short points, one per line, shown in a “Key points” box at the top. "
        "For long guides.",
    )
    abuse_help = models.BooleanField(
        "show domestic-abuse help",
        default=False,
        help_text="Tick when the text discusses abuse or coercive control: readers then see "
        "domestic-abuse help lines beside it.",
    )
    review_token = models.CharField(max_length=32, editable=False, default="")
    comparison_title = models.CharField(
        max_length=200, blank=True, help_text="Caption of the comparison table."
    )
    cta_title = models.CharField("call to action title", max_length=200, blank=True)
    cta_text = models.TextField("call to action text", blank=True, help_text="Markdown.")
    cta_html = models.TextField(editable=False, default="")
    cta_button_label = models.CharField(max_length=80, blank=True)
    cta_button_url = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_button_url],
        help_text="A site path such as /treatments/, or an https URL.",
    )
    related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        help_text="Listed under “Related posts”. Leave empty to list articles on the same topics.",
    )
    topics = models.ManyToManyField("topics.Topic", blank=True, related_name="articles")
    body_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField()

    SEARCH_WEIGHTS = {"title": "A", "summary": "B", "body_text": "C"}
    SEARCH_ONLY_FIELDS = ("body_text", "search_vector")

    objects = SearchableManager.from_queryset(ArticleQuerySet)()
    history = HistoricalRecords(
        excluded_fields=[
            "body_html", "toc_html", "cta_html", "body_text", "search_vector", "version",
            "review_token", "reading_minutes", "updated_at",
        ],  # derived or bookkeeping fields: restored by saving, not by history
        # A review step's note (a sign-off, a return to the writer) is kept in its
        # revision's reason, so the reason is not capped at the default 100 characters.
        history_change_reason_field=models.TextField(null=True),
    )  # fmt: skip

    class Meta(PublishedPage.Meta):
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles"),
            ("sign_off_article", "Can sign off an article's clinical review"),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    @property
    def search_title(self):
        """The title search engines and shared links show."""
        return self.seo_title or self.title

    @property
    def search_description(self):
        """The snippet search engines and shared links show."""
        return self.meta_description or self.summary

    def clean(self):
        # Key points as readers see them, one per line: what a content file exports.
        self.key_points = "\n".join(self.key_points_list)
        super().clean()

    def content_problems(self):
        problems = super().content_problems()
        if bool(self.reviewer_id) != bool(self.reviewed_on):
            problems["reviewed_on"] = ["A clinical reviewer and the review date go together."]
        if self.key_points and not KEY_POINTS[0] <= len(self.key_points_list) <= KEY_POINTS[1]:
            problems["key_points"] = [
                f"Give {KEY_POINTS[0]} to {KEY_POINTS[1]} key points, one per line "
                f"(there are {len(self.key_points_list)})."
            ]
        url = self.cta_button_url
        visible_at = self.visible_at()
        if visible_at and url.startswith("/") and checks.missing_pages([url], visible_at):
            problems.setdefault("cta_button_url", []).append(
                f"{url} leads to a page that does not exist or is not published."
            )
        return problems

    def parts_problems(self, available, source_count):
        """Problems between the body and the parts beside it (checklist, rows, sources)."""
        return checks.marker_problems(self.body, EMBEDS, available) + (
            [] if source_count is None else checks.citation_problems(self.body_html, source_count)
        )

    def saved_parts(self):
        """What the database holds beside the body: (embeds available, number of sources)."""
        available = {
            "checklist": Checklist.objects.filter(article=self).exists(),
            "comparison": self.comparison_rows.exists(),
            "timeline": self.timeline_steps.exists(),
        }
        return available, self.sources.count()

    def publish(self, at=None):
        """Publish (see PublishedPage.publish), refusing an article whose parts do not fit."""
        self.render_markdown()
        if problems := self.parts_problems(*self.saved_parts()):
            raise ValidationError({"body": problems})
        super().publish(at)

    def save(self, *args, **kwargs):
        if self.pk and self.review_token:
            before = Article._base_manager.filter(pk=self.pk).only("status", "published_at")
            if (before := before.first()) and review_links.revokes(before, self):
                self.review_token = ""  # unpublishing or taking down ends every review link
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "review_token"}
        super().save(*args, **kwargs)

    @property
    def key_points_list(self):
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    @property
    def review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())

    @property
    def last_updated(self):
        return self.updated_on or timezone.localdate(self.published_at)

    def rotate_review_token(self):
        """A new secret for review links; links signed with the old one stop working."""
        self.review_token = secrets.token_urlsafe(16)
        Article.objects.filter(pk=self.pk).update(review_token=self.review_token)
        return self.review_token

    @property
    def body_parts(self):
        return markup.split_embeds(self.body_html)

    @property
    def toc_safe(self):
        return markup.stored(self.toc_html)

    @property
    def cta_safe(self):
        return markup.stored(self.cta_html)


class Checklist(PartOfArticle, models.Model):
    """The interactive "signs" list an article places with [[checklist]]."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="checklist")
    title = models.CharField(max_length=200)
    note = models.TextField(help_text="Plain text under the title: not a diagnostic tool.")
    interpretation = models.TextField(
        blank=True,
        help_text="Plain text under the checklist, always shown: what the signs can and cannot "
        "mean, with a reassurance.",
    )
    threshold = models.PositiveIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        help_text="From how many ticks the line under the count says “that is N or more”.",
    )
    history = HistoricalRecords()

    def __str__(self):
        return self.title


class ChecklistItem(PartOfArticle, models.Model):
    article_lookup = ("checklist__pk", "checklist_id")

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class TimelineStep(PartOfArticle, models.Model):
    """One phase of treatment in the timeline an article places with [[timeline]]."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="timeline_steps")
    title = models.CharField(max_length=200)
    period = models.CharField(max_length=80, help_text="For example “Months 1–3”.")
    text = models.TextField(help_text="Plain text.")
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class CitedSource(models.Model):
    """One entry of a page's numbered "Sources" list; the text cites it as [n]."""

    authors = models.CharField(max_length=300, blank=True, help_text="e.g. “Hazan, C., Shaver, P.”")
    title = models.CharField(max_length=300)
    publisher = models.CharField(
        "publisher or journal", max_length=200, blank=True, help_text="e.g. “Guilford Press”."
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1000), MaxValueValidator(2100)]
    )
    url = models.URLField(
        "URL",
        max_length=500,
        blank=True,
        validators=[validate_https],
        help_text="An https address.",
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[
            RegexValidator(r"^10\.\d{4,9}/\S+$", "A DOI looks like 10.1037/0022-3514.52.3.511.")
        ],
        help_text="e.g. 10.1037/…",
    )
    pmid = models.CharField(
        "PMID",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\d+$", "A PubMed ID is digits only.")],
        help_text="PubMed ID, digits only.",
    )
    order = models.PositiveIntegerField(
        default=0, help_text="Lower numbers come first; the position is the number cited as [n]."
    )

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""


class Source(PartOfArticle, CitedSource):
    """One of an article's sources."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    history = HistoricalRecords()


class ComparisonRow(PartOfArticle, models.Model):
    """One row of an article's comparison table of therapies."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comparison_rows")
    modality = models.ForeignKey(
        "modalities.Modality", on_delete=models.PROTECT, related_name="comparison_rows"
    )
    best_for = models.CharField(max_length=300)
    format = models.CharField(max_length=300)
    evidence = models.CharField("evidence level", max_length=300)
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.modality} in {self.article}"
