from django.db import models
from simple_history.models import HistoricalRecords

from core import markup
from core.models import Page, Rendered


class Topic(Page):
    """A subject that groups articles and therapies, with its page under /topics/<slug>/."""

    url_name = "topics:detail"
    markdown_fields = (Rendered("body", "body_html"),)

    name = models.CharField(max_length=120)
    summary = models.TextField(
        help_text="One or two plain-text sentences; shown in lists and as the meta description."
    )
    body = models.TextField(blank=True, help_text="Markdown: a short introduction to the topic.")
    body_html = models.TextField(editable=False, default="")
    order = models.PositiveIntegerField(default=0, help_text="Position in lists of topics.")
    history = HistoricalRecords(excluded_fields=["body_html", "version", "updated_at"])

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def body_safe(self):
        return markup.stored(self.body_html)
