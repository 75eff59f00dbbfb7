"""Crisis and domestic-abuse help lines, by country: data editors keep in the admin.

Every page shows them (the footer, /help/, the abuse box, crisis searches), so a
save moves the content version like any other content (pagecache.version) and
cached pages show the change at once.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

# What people write in a phone number; the tel: link keeps the digits and a leading +.
PHONE = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{1,28}$",
    "Write the number as readers dial it: digits, spaces, hyphens, brackets, "
    "and + only at the start (for example 0808 2000 247).",
)


class Country(models.Model):
    code = models.CharField(
        "ISO code",
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Two capital letters (ISO 3166-1), e.g. GB.")],
        help_text="Two capital letters, as in ISO 3166-1: GB, US, IE.",
    )
    name = models.CharField(max_length=100, unique=True)
    emergency_number = models.CharField(
        max_length=20, validators=[PHONE], help_text="The emergency services' number: 999, 911."
    )
    order = models.PositiveIntegerField(default=0, help_text="Position in the list of countries.")

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    @property
    def emergency_tel(self):
        return tel(self.emergency_number)


class HelpLineQuerySet(models.QuerySet):
    def crisis(self):
        return self.filter(kind=HelpLine.Kind.CRISIS)

    def abuse(self):
        return self.filter(kind=HelpLine.Kind.ABUSE)

    def international(self):
        return self.filter(country=None)


class HelpLine(models.Model):
    class Kind(models.TextChoices):
        CRISIS = "crisis", "Crisis and suicide"
        ABUSE = "abuse", "Domestic abuse"

    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
        help_text="Empty for an international directory, shown to readers anywhere.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    service = models.CharField(max_length=150, help_text="The service's name, e.g. Samaritans.")
    phone = models.CharField(
        max_length=30, blank=True, validators=[PHONE], help_text="The number to call, if any."
    )
    text_number = models.CharField(
        "text to",
        max_length=30,
        blank=True,
        validators=[PHONE],
        help_text="The number to text, if the service takes texts.",
    )
    text_message = models.CharField(
        "text message",
        max_length=30,
        blank=True,
        help_text="What to text, if the service asks for a word (SHOUT, HELP); else empty.",
    )
    hours = models.CharField(max_length=100, blank=True, help_text="e.g. 24 hours, every day")
    url = models.URLField("web address", blank=True)
    notes = models.CharField(
        max_length=300, blank=True, help_text="One short sentence readers see, e.g. who it is for."
    )
    order = models.PositiveIntegerField(default=0, help_text="Position within its country.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = HelpLineQuerySet.as_manager()

    class Meta:
        ordering = ["country__order", "country__name", "order", "service"]
        verbose_name = "help line"

    def __str__(self):
        where = self.country.name if self.country_id else "International"
        return f"{self.service} ({where})"

    def clean(self):
        problems = {}
        if not (self.phone or self.text_number or self.url):
            problems["phone"] = (
                "Give readers a way to reach it: a number, a text number or a web address."
            )
        if self.text_message and not self.text_number:
            problems["text_number"] = "Say which number to text the message to."
        if problems:
            raise ValidationError(problems)

    @property
    def tel_href(self):
        return tel(self.phone)

    @property
    def url_host(self):
        """The address as readers recognise it: samaritans.org."""
        return (urlsplit(self.url).hostname or "").removeprefix("www.")

    @property
    def sms_href(self):
        return tel(self.text_number).replace("tel:", "sms:", 1)


def tel(number):
    """A tel: link for a number as written (`0808 2000 247` -> `tel:08082000247`)."""
    digits = re.sub(r"[^0-9+]", "", number)
    return f"tel:{digits}" if digits else ""
