from django.db import models
from django.urls import reverse

from therapyexplained import markup


class Topic(models.Model):
    """A subject that groups articles and therapies, with its page under /topics/<slug>/."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(
        help_text="One or two plain-text sentences; shown in lists and as the meta description."
    )
    body = models.TextField(blank=True, help_text="Markdown: a short introduction to the topic.")
    body_html = models.TextField(editable=False, default="")
    order = models.PositiveIntegerField(default=0, help_text="Position in lists of topics.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.body_html = markup.render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("topics:detail", args=[self.slug])

    @property
    def body_safe(self):
        return markup.stored(self.body_html)
