from django.db import models
from django.urls import reverse

from therapyexplained import markup


class Person(models.Model):
    """An author or clinical reviewer, with a page at /people/<slug>/."""

    name = models.CharField(max_length=120, help_text="As readers see it, e.g. “Jane Doe”.")
    slug = models.SlugField(max_length=120, unique=True)
    credentials = models.CharField(
        max_length=120,
        blank=True,
        help_text="Qualifications shown after the name, e.g. “PsyD” or “LCSW, MSW”.",
    )
    bio = models.TextField(blank=True, help_text="A short biography in markdown.")
    bio_html = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name_with_credentials

    def save(self, *args, **kwargs):
        self.bio_html = markup.render_markdown(self.bio)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.slug])

    @property
    def name_with_credentials(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def bio_safe(self):
        return markup.stored(self.bio_html)
