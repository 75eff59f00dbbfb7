from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from core import markup
from core.models import Page, Rendered


class Person(Page):
    """An author or clinical reviewer, with a page at /people/<slug>/."""

    url_name = "people:detail"
    markdown_fields = (Rendered("bio", "bio_html"),)

    name = models.CharField(max_length=120, help_text="As readers see it, e.g. “Jane Doe”.")
    credentials = models.CharField(
        max_length=120,
        blank=True,
        help_text="Qualifications shown after the name, e.g. “PsyD” or “LCSW, MSW”.",
    )
    photo = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people_pictured",
        help_text="A portrait shown on the person's page and in bylines.",
    )
    bio = models.TextField(blank=True, help_text="A short biography in markdown.")
    bio_html = models.TextField(editable=False, default="")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name="login",
        help_text="The staff account of this person, if any: a clinical reviewer's sign-off "
        "names this person.",
    )
    history = HistoricalRecords(excluded_fields=["bio_html", "version", "updated_at", "user"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name_with_credentials

    @property
    def name_with_credentials(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def bio_safe(self):
        return markup.stored(self.bio_html)
