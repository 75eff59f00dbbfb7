from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from core import checks, markup
from core.models import PublishedPage, PublishedQuerySet, Rendered

# The site's own pages, each at /<slug>/ and linked from every page's footer. A fixed
# list, so no top-level address (blog, people, ...) can be shadowed by a page, and a
# mistyped one-word address stays a plain 404.
SITE_PAGE_SLUGS = ("about", "editorial-policy", "contact", "privacy", "corrections")


class SitePage(PublishedPage):
    """A page about the site itself (About, Editorial policy, Contact, ...) at /<slug>/."""

    url_name = "pages:detail"
    # A document, so its body may place [[email]]: the editors' address, from settings.
    markdown_fields = (Rendered("body", "body_html", document=True),)
    embeds = ("email",)

    title = models.CharField(max_length=120)
    summary = models.TextField(
        help_text="One or two plain-text sentences; shown under the title and as the meta "
        "description."
    )
    body = models.TextField(
        help_text="Markdown. A line [[email]] places the editors' email address."
    )
    body_html = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["body_html", "version", "updated_at"])

    objects = PublishedQuerySet.as_manager()

    class Meta(PublishedPage.Meta):
        ordering = ["title"]
        verbose_name = "site page"
        permissions = [("publish_sitepage", "Can publish, schedule and unpublish site pages")]

    def __str__(self):
        return self.title

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if self.slug and "slug" not in (exclude or ()) and self.slug not in SITE_PAGE_SLUGS:
            raise ValidationError(
                {
                    "slug": "A site page is one of "
                    + ", ".join(SITE_PAGE_SLUGS)
                    + ": each has its own address and a link in every page's footer."
                }
            )

    def content_problems(self):
        # A site page lists no sources: a [1] in its text would cite nothing.
        return checks.text_problems(self, source_count=0)

    @property
    def body_parts(self):
        return markup.split_embeds(self.body_html)
