from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import CitedSource
from core import markup
from core.models import Page, Rendered
from core.search_fields import SearchableManager, SearchVectorField


class Modality(Page):
    """One therapy approach, with its own page under /treatments/<slug>/."""

    url_name = "modalities:detail"
    # A document: its text cites the page's numbered sources as [n].
    markdown_fields = (Rendered("body", "body_html", "body_text", document=True),)

    name = models.CharField(max_length=120)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="Abbreviation used in tables and lists, e.g. EFT."
    )
    summary = models.TextField(help_text="Plain text; shown in lists and as the meta description.")
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(editable=False, default="")
    order = models.PositiveIntegerField(default=0, help_text="Position in lists of therapies.")
    topics = models.ManyToManyField("topics.Topic", blank=True, related_name="modalities")
    body_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField()
    checked_on = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        help_text="When the editors last checked the page against its sources; readers see "
        "it as “Last reviewed”.",
    )
    updated_on = models.DateField(
        "last updated",
        null=True,
        blank=True,
        help_text="Set it when you make a substantive change; readers see it as “Last updated”.",
    )
    next_review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text="When the page should be checked again.",
    )
    abuse_help = models.BooleanField(
        "show domestic-abuse help",
        default=False,
        help_text="Tick when the text discusses abuse or coercive control: readers then see "
        "domestic-abuse help lines beside it.",
    )
    history = HistoricalRecords(
        excluded_fields=["body_html", "body_text", "search_vector", "version", "updated_at"]
    )

    SEARCH_WEIGHTS = {"name": "A", "short_name": "A", "summary": "B", "body_text": "C"}
    SEARCH_ONLY_FIELDS = ("body_text", "search_vector")

    objects = SearchableManager()

    class Meta:
        ordering = ["order", "name"]
        # What the site calls them (its menu, /treatments/), so the admin says it too.
        verbose_name = "therapy"
        verbose_name_plural = "therapies"

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name with its abbreviation: "Emotionally Focused Therapy (EFT)"."""
        if self.short_name and self.short_name.lower() not in self.name.lower():
            return f"{self.name} ({self.short_name})"
        return self.name

    @property
    def body_safe(self):
        return markup.stored(self.body_html)

    @property
    def last_updated(self):
        """The one "last modified" date: the page, its JSON-LD and the sitemap all say it."""
        return self.updated_on or timezone.localdate(self.updated_at)


class Source(CitedSource):
    """One of a therapy page's sources."""

    modality = models.ForeignKey(Modality, on_delete=models.CASCADE, related_name="sources")
