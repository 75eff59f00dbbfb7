"""What every page of content shares: markdown rendered on save, slugs that leave
redirects, lock versions, publishing, and the table of internal links.

Content apps subclass these; core itself imports no app.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from . import checks, embeds, markup, paths, render_limits, search_fields


def local_time_label(moment):
    """A time as editors read it: in the site's zone (TIME_ZONE), naming the zone."""
    return date_format(timezone.localtime(moment), "j F Y, H:i T")


@dataclass(frozen=True)
class Rendered:
    """A markdown source field and the columns derived from it on save.

    A `document` is a long text: it may cite sources, and gets a table of contents
    (`toc`) and a reading time (`minutes`).
    """

    source: str
    html: str
    text: str = ""
    document: bool = False
    toc: str = ""
    minutes: str = ""

    @property
    def derived(self):
        return [name for name in (self.html, self.text, self.toc, self.minutes) if name]


class MarkdownModel(models.Model):
    """Renders its markdown fields once, on save, through the one markup pipeline.

    Subclasses list `markdown_fields`; `embeds` names the markers their text may place.
    """

    markdown_fields: tuple[Rendered, ...] = ()
    embeds: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        written = self.render_markdown(only=update_fields)
        if update_fields is not None and written:
            kwargs["update_fields"] = {*update_fields, *written}
        super().save(*args, **kwargs)
        if getattr(self, "SEARCH_WEIGHTS", None):
            search_fields.update_search_vector(self)
        if update_fields is None or written:
            Link.record(self)

    def render_markdown(self, only=None):
        """Normalize and render the sources (all, or those named in `only`); return what changed.

        A source the renderer refuses (render_limits) raises ValidationError naming its field.
        """
        written = []
        for spec in self.markdown_fields:
            if only is not None and spec.source not in only:
                continue
            source = markup.normalize_source(getattr(self, spec.source))
            setattr(self, spec.source, source)
            try:
                html = self._render(spec, source)
            except render_limits.Unrenderable as error:
                raise ValidationError({spec.source: error.messages}) from None
            setattr(self, spec.html, html)
            if spec.text:
                setattr(self, spec.text, markup.plain_text(html))
            written += [spec.source, *spec.derived]
        return written

    def _render(self, spec, source):
        if not spec.document:
            return markup.render_markdown(source)
        document = markup.render_document(source)
        if spec.toc:
            setattr(self, spec.toc, document.toc_html)
        if spec.minutes:
            setattr(self, spec.minutes, document.reading_minutes)
        return document.html

    def rendered_html(self):
        """Every piece of HTML this object shows, as stored."""
        return "".join(getattr(self, spec.html) for spec in self.markdown_fields)

    def visible_at(self):
        """When readers can first see this object's links; None while they cannot."""
        return timezone.now()

    def content_problems(self):
        """What the checks refuse in this object's text: {field: [messages]}."""
        return checks.text_problems(self)

    def clean(self):
        super().clean()
        self.render_markdown()
        if problems := self.content_problems():
            raise ValidationError(problems)


def placing(kind, name):
    """Every saved object whose markdown places [[kind:name]], e.g. ("image", "cycle")."""
    found = []
    for model in apps.get_models():
        if not (issubclass(model, MarkdownModel) and kind in model.embeds):
            continue
        # A coarse filter in SQL; the parser decides (it forgives spaces and capitals).
        query = models.Q()
        for spec in model.markdown_fields:
            query |= models.Q(**{f"{spec.source}__icontains": name})
        found += [
            obj
            for obj in model.objects.filter(query)
            if any(
                embeds.parse(placed) == (kind, name)
                for spec in model.markdown_fields
                for placed in embeds.markers(getattr(obj, spec.source))
            )
        ]
    return found


class Page(MarkdownModel):
    """A page with its own URL (`url_name` with a slug): a lock version and a redirect
    from the old address when the slug of a page readers can see changes."""

    url_name = ""

    slug = models.SlugField(max_length=200, unique=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        before = type(self)._base_manager.filter(pk=self.pk).first() if self.pk else None
        # A form loaded before this save is now stale. Parts saved on their own
        # raise the stored version too, so count from whichever is higher.
        self.version = max(self.version, before.version if before else 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        if before is not None and before.is_visible() and before.slug != self.slug:
            record_move(before.path, self.path)
        # Links written before this page existed (a draft naming a page to come) lead here now.
        Link.objects.filter(path=self.path, target_id=None).update(
            target_type=ContentType.objects.get_for_model(self), target_id=self.pk
        )

    def get_absolute_url(self):
        return reverse(self.url_name, args=[self.slug])

    @property
    def path(self):
        return self.get_absolute_url()

    def is_visible(self):
        """Whether readers can see the page now."""
        return True


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and the publish time has come."""
        return self.filter(status=PublishedPage.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=PublishedPage.Status.PUBLISHED, published_at__gt=timezone.now())


class PublishedPage(Page):
    """A page that is a draft until published, from its publish time on."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Published with a future publish time means scheduled: it appears on its own "
        "at that time.",
    )
    published_at = models.DateTimeField(
        "publish time", default=timezone.now, help_text="Readers see it from this time."
    )

    class Meta:
        abstract = True

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
        """Draft, Published, or "Scheduled for 12 June 2026, 09:00 BST" (the site's zone)."""
        if self.is_scheduled:
            return f"Scheduled for {local_time_label(self.published_at)}"
        return self.get_status_display()

    def is_visible(self):
        return self.is_live

    def visible_at(self):
        if not self.is_published:
            return None
        return max(self.published_at, timezone.now())

    @staticmethod
    def publish_time(moment):
        """When publishing at `moment` makes the page public: a past time means now."""
        return max(moment, timezone.now())

    def publish(self, at=None):
        """Make the page public at `at` (a future time schedules it), or now.

        A draft's old publish time is when it was started, not its publish date,
        so a past time becomes now. Checks run before anything is saved.
        """
        self.published_at = self.publish_time(at or self.published_at)
        self.status = self.Status.PUBLISHED
        self.full_clean()
        for part in self.text_parts():
            if problems := part.content_problems():
                raise ValidationError(
                    [f"{part}: {message}" for messages in problems.values() for message in messages]
                )
        self.save()

    def text_parts(self):
        """Saved objects with text of their own that this page shows (an article's FAQs),
        each seeing this page as its parent, so they are checked as the page will be."""
        for rel in self._meta.related_objects:
            if rel.one_to_many and issubclass(rel.related_model, MarkdownModel):
                for part in getattr(self, rel.get_accessor_name()).all():
                    setattr(part, rel.field.name, self)
                    yield part

    def unpublish(self):
        self.status = self.Status.DRAFT
        self.save()


class PathRedirect(models.Model):
    """A page that moved: requests for old_path get a 301 to new_path."""

    old_path = models.CharField(max_length=300, unique=True)
    new_path = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def clean(self):
        super().clean()
        errors = {}
        for name in ("old_path", "new_path"):
            value = getattr(self, name)
            try:
                if value:  # an empty one is the field's own "required" error
                    paths.validate_site_path(value)
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)


def record_move(old_path, new_path):
    """Remember that a page moved, keeping every redirect one hop long.

    A→B then B→C leaves A→C and B→C; moving back (B→A) drops the redirect from A,
    which is a live page again.
    """
    if old_path == new_path:
        return
    for path in (old_path, new_path):
        paths.validate_site_path(path)  # pages' own paths always are: a caller's mistake
    with transaction.atomic():
        PathRedirect.objects.filter(new_path=old_path).update(new_path=new_path)
        PathRedirect.objects.filter(old_path=new_path).delete()
        PathRedirect.objects.filter(old_path=models.F("new_path")).delete()
        PathRedirect.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})


class Link(models.Model):
    """An internal link in a saved object's content, and the page it led to then.

    Written on every save, so "which pages link here" is a query, and a link keeps
    its target when that page's slug changes later.
    """

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    path = models.CharField(max_length=300)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return self.path

    @classmethod
    def record(cls, obj):
        """Replace obj's links with those its stored HTML holds now."""
        source_type = ContentType.objects.get_for_model(obj)
        paths = checks.internal_paths(obj.rendered_html())
        links = []
        for path in paths:
            target = checks.page_at(path)
            links.append(
                cls(
                    source_type=source_type,
                    source_id=obj.pk,
                    path=path[:300],
                    target_type=ContentType.objects.get_for_model(target) if target else None,
                    target_id=target.pk if target else None,
                )
            )
        cls.objects.filter(source_type=source_type, source_id=obj.pk).delete()
        cls.objects.bulk_create(links)

    @classmethod
    def sources_of(cls, model, target):
        """The pks of `model` objects whose content links to `target`."""
        return cls.objects.filter(
            source_type=ContentType.objects.get_for_model(model),
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
        ).values("source_id")


class Presence(models.Model):
    """One open admin change form: who has which page open, in which browser tab.

    Kept in the database so every worker sees it (see core/presence.py).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    tab = models.CharField(max_length=32)
    opened_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user", "tab"], name="one_presence_per_tab"
            )
        ]
        indexes = [models.Index(fields=["seen_at"])]

    def __str__(self):
        return f"{self.user} on {self.content_type_id}:{self.object_id}"
