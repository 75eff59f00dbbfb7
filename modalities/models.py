from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.parts import PartOfArticle
from permalinks.models import record_move
from search.fields import SearchableManager, SearchVectorField, update_search_vector
from therapyexplained import markup


class Modality(models.Model):
    """One therapy approach, with its own page under /treatments/<slug>/."""

    name = models.CharField(max_length=120)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="Abbreviation used in tables and lists, e.g. EFT."
    )
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(help_text="Plain text; shown in lists and as the meta description.")
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(editable=False, default="")
    order = models.PositiveIntegerField(default=0, help_text="Position in lists of therapies.")
    updated_at = models.DateTimeField(auto_now=True)
    topics = models.ManyToManyField("topics.Topic", blank=True, related_name="modalities")
    body_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField()
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(
        excluded_fields=["body_html", "body_text", "search_vector", "version"]
    )

    SEARCH_WEIGHTS = {"name": "A", "short_name": "A", "summary": "B", "body_text": "C"}
    SEARCH_ONLY_FIELDS = ("body_text", "search_vector")

    objects = SearchableManager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "modalities"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.body = markup.normalize_source(self.body)
        self.body_html = markup.render_markdown(self.body)
        self.body_text = markup.plain_text(self.body_html)
        old_slug = Modality.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        self.version += 1  # a form loaded before this save is now stale
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        update_search_vector(self)
        if old_slug and old_slug != self.slug:
            record_move(reverse("modalities:detail", args=[old_slug]), self.get_absolute_url())

    def get_absolute_url(self):
        return reverse("modalities:detail", args=[self.slug])

    @property
    def display_name(self):
        """The name with its abbreviation: "Emotionally Focused Therapy (EFT)"."""
        if self.short_name and self.short_name.lower() not in self.name.lower():
            return f"{self.name} ({self.short_name})"
        return self.name

    @property
    def body_safe(self):
        return markup.stored(self.body_html)


class ComparisonRow(PartOfArticle, models.Model):
    """One row of an article's comparison table of therapies."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comparison_rows"
    )
    modality = models.ForeignKey(Modality, on_delete=models.PROTECT, related_name="comparison_rows")
    best_for = models.CharField(max_length=300)
    format = models.CharField(max_length=300)
    evidence = models.CharField("evidence level", max_length=300)
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.modality} in {self.article}"
