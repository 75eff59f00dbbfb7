from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from modalities.models import ComparisonRow
from search.fields import SearchableManager, SearchVectorField, update_search_vector
from therapyexplained import markup

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
    author = models.CharField(max_length=120, default="TherapyExplained Editorial")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish time", default=timezone.now, help_text="Readers see the article from this time."
    )
    updated_at = models.DateTimeField(auto_now=True)
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

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        document = markup.render_document(self.body)
        self.body_html = document.html
        self.toc_html = document.toc_html
        self.reading_minutes = document.reading_minutes
        self.body_text = markup.plain_text(document.html)
        self.cta_html = markup.render_markdown(self.cta_text)
        super().save(*args, **kwargs)
        update_search_vector(self)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    @property
    def body_parts(self):
        return markup.split_embeds(self.body_html)

    @property
    def toc_safe(self):
        return markup.stored(self.toc_html)

    @property
    def cta_safe(self):
        return markup.stored(self.cta_html)


class Checklist(models.Model):
    """The interactive "signs" list an article places with [[checklist]]."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="checklist")
    title = models.CharField(max_length=200)
    note = models.TextField(help_text="Plain text under the title: not a diagnostic tool.")
    interpretation = models.TextField(
        blank=True, help_text="Plain text shown once a reader ticks the threshold or more."
    )
    threshold = models.PositiveIntegerField(default=3)

    def __str__(self):
        return self.title


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class TimelineStep(models.Model):
    """One phase of treatment in the timeline an article places with [[timeline]]."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="timeline_steps")
    title = models.CharField(max_length=200)
    period = models.CharField(max_length=80, help_text="For example “Months 1–3”.")
    text = models.TextField(help_text="Plain text.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title
