import secrets

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from modalities.models import ComparisonRow
from permalinks.models import record_move
from search.fields import SearchableManager, SearchVectorField, update_search_vector
from therapyexplained import markup

from .parts import PartOfArticle

# Card lists and related posts never need the article's body.
CARD_DEFERRED = ("body", "body_html", "toc_html")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and the publish time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_cards(self):
        return self.defer(*CARD_DEFERRED)

    def discussing(self, modality):
        """Articles that compare the therapy in their table or link to its page."""
        compared = ComparisonRow.objects.filter(article=OuterRef("pk"), modality=modality)
        linked = Q(body_html__contains=f'href="{modality.get_absolute_url()}')
        return self.filter(Q(Exists(compared)) | linked)

    def sharing_topics(self, article, topic_ids):
        """Other articles on the given topics, those sharing the most first."""
        return (
            self.exclude(pk=article.pk)
            .filter(topics__in=topic_ids)
            .annotate(shared_topics=Count("topics"))
            .order_by("-shared_topics", "-published_at", "-pk")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        help_text="The standfirst under the title, in plain text; also the meta description."
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
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Published with a future publish time means scheduled: it appears on its own "
        "at that time.",
    )
    published_at = models.DateTimeField(
        "publish time", default=timezone.now, help_text="Readers see the article from this time."
    )
    updated_on = models.DateField(
        "last updated",
        null=True,
        blank=True,
        help_text="Set it when you make a substantive change; readers see it as “Last updated”.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    review_token = models.CharField(max_length=32, editable=False, default="")
    comparison_title = models.CharField(
        max_length=200, blank=True, help_text="Caption of the comparison table."
    )
    cta_title = models.CharField("call to action title", max_length=200, blank=True)
    cta_text = models.TextField("call to action text", blank=True, help_text="Markdown.")
    cta_html = models.TextField(editable=False, default="")
    cta_button_label = models.CharField(max_length=80, blank=True)
    cta_button_url = models.CharField(
        max_length=300, blank=True, help_text="A site path such as /treatments/, or an https URL."
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
            "review_token",
        ]  # derived or bookkeeping fields: restored by saving, not by history
    )  # fmt: skip

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:  # a partial save writes no rendered HTML
            self.body = markup.normalize_source(self.body)
            document = markup.render_document(self.body)
            self.body_html = document.html
            self.toc_html = document.toc_html
            self.reading_minutes = document.reading_minutes
            self.body_text = markup.plain_text(document.html)
            self.cta_html = markup.render_markdown(self.cta_text)
        before = Article.objects.filter(pk=self.pk).values("slug", "status", "version").first()
        if before and before["status"] != self.Status.PUBLISHED and self.is_published:
            self.review_token = ""  # publishing revokes every review link
        # A form loaded before this save is now stale. Parts saved on their own
        # raise the stored version too, so count from whichever is higher.
        self.version = max(self.version, before["version"] if before else 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", "review_token"}
        super().save(*args, **kwargs)
        update_search_vector(self)
        if before and before["status"] == self.Status.PUBLISHED and before["slug"] != self.slug:
            record_move(reverse("articles:detail", args=[before["slug"]]), self.path)

    def get_absolute_url(self):
        return self.path

    @property
    def path(self):
        return reverse("articles:detail", args=[self.slug])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_live(self):
        """Readers can see it now (the same test as published())."""
        return self.is_published and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.is_published and self.published_at > timezone.now()

    @property
    def status_label(self):
        if self.is_scheduled:
            return "Scheduled"
        return self.get_status_display()

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
        blank=True, help_text="Plain text shown once a reader ticks the threshold or more."
    )
    threshold = models.PositiveIntegerField(
        default=3, help_text="How many ticked items show the interpretation."
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


class Source(PartOfArticle, models.Model):
    """One entry of an article's numbered "Sources" list; the body cites it as [n]."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    authors = models.CharField(max_length=300, blank=True, help_text="e.g. “Hazan, C., Shaver, P.”")
    title = models.CharField(max_length=300)
    publisher = models.CharField(
        "publisher or journal", max_length=200, blank=True, help_text="e.g. “Guilford Press”."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.URLField("URL", max_length=500, blank=True, help_text="An https address.")
    doi = models.CharField("DOI", max_length=200, blank=True, help_text="e.g. 10.1037/…")
    pmid = models.CharField("PMID", max_length=20, blank=True, help_text="PubMed ID, digits only.")
    order = models.PositiveIntegerField(
        default=0, help_text="Lower numbers come first; the position is the number cited as [n]."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""
