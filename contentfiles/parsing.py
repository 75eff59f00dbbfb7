"""Turn a content file into the unsaved objects it describes, checked by the models.

The file format owns its structure (known keys, YAML value types, lists and
mappings, slugs that name other files); everything else (lengths, choices, URLs,
markdown, a reviewer with a review date) is the models' own validation, run here
through full_clean() so a file is refused for exactly what the admin refuses.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Checklist, ChecklistItem, ComparisonRow, Source, TimelineStep
from core import checks
from faqs.models import FAQ
from images import uploads
from images.models import Image
from modalities.models import Modality
from modalities.models import Source as ModalitySource
from pages.models import SitePage
from people.models import Person
from topics.models import Topic

from .reading import ContentError, ContentFile, fingerprint, read_picture, shown

TOPIC_KEYS = {"title", "slug", "summary", "order"}
PERSON_KEYS = {"name", "slug", "credentials", "photo"}
IMAGE_KEYS = {"slug", "file", "alt", "caption", "credit", "licence", "focal_x", "focal_y"}
MODALITY_KEYS = {
    "title", "slug", "short_name", "summary", "order", "topics", "checked", "updated",
    "next_review", "sources", "abuse_help",
}  # fmt: skip
SITE_PAGE_KEYS = {"title", "slug", "summary", "status", "published"}
ARTICLE_KEYS = {
    "title", "slug", "summary", "key_points", "author", "reviewer", "reviewed", "checked",
    "next_review", "published", "updated", "status", "related", "topics", "checklist",
    "comparison", "timeline", "faqs", "cta", "sources", "seo_title", "description",
    "lead_image", "abuse_help",
}  # fmt: skip
SOURCE_KEYS_IN_ORDER = ("authors", "title", "publisher", "year", "url", "doi", "pmid")
CHECKLIST_KEYS = {"title", "note", "items", "interpretation", "threshold"}
COMPARISON_KEYS = {"title", "rows"}
ROW_KEYS = {"modality", "best_for", "format", "evidence"}
TIMELINE_KEYS = {"title", "period", "text"}
FAQ_KEYS = {"question", "answer"}
CTA_KEYS = {"title", "text", "button_label", "button_url"}

# Model fields that files name differently, as error messages should name them.
NAME_IS_TITLE = {"name": "'title'"}
DATE_LABELS = {
    "updated_on": "'updated'",
    "checked_on": "'checked'",
    "next_review_due": "'next_review'",
}
MODALITY_LABELS = NAME_IS_TITLE | DATE_LABELS
ARTICLE_LABELS = DATE_LABELS | {
    "published_at": "'published'",
    "meta_description": "'description'",
    "reviewed_on": "'reviewed'",
    "comparison_title": "comparison: 'title'",
    "cta_title": "cta: 'title'",
    "cta_text": "cta: 'text'",
    "cta_button_label": "cta: 'button_label'",
    "cta_button_url": "cta: 'button_url'",
}

# The fields each file sets, compared with the database to see what an import changes.
FIELDS = {
    Topic: ("name", "summary", "body", "order"),
    Image: ("alt", "caption", "credit", "licence", "focal_x", "focal_y"),
    Person: ("name", "credentials", "bio"),
    Modality: (
        "name",
        "short_name",
        "summary",
        "body",
        "order",
        "checked_on",
        "updated_on",
        "next_review_due",
        "abuse_help",
    ),  # fmt: skip
    SitePage: ("title", "summary", "status", "published_at", "body"),
    Article: (
        "title",
        "summary",
        "key_points",
        "seo_title",
        "meta_description",
        "status",
        "published_at",
        "updated_on",
        "reviewed_on",
        "checked_on",
        "next_review_due",
        "body",
        "comparison_title",
        "cta_title",
        "cta_text",
        "cta_button_label",
        "cta_button_url",
        "abuse_help",
    ),  # fmt: skip
    Checklist: ("title", "note", "interpretation", "threshold"),
    ChecklistItem: ("text",),
    ComparisonRow: ("best_for", "format", "evidence"),
    TimelineStep: ("title", "period", "text"),
    FAQ: ("question", "answer"),
    Source: SOURCE_KEYS_IN_ORDER,
    ModalitySource: SOURCE_KEYS_IN_ORDER,
}


def values(obj):
    """The fields a file sets on obj, as comparable values."""
    return {name: getattr(obj, name) for name in FIELDS[type(obj)]}


@dataclass
class Parts:
    """What an article file holds beside the article: unsaved, checked parts."""

    checklist: Checklist | None = None
    items: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # (modality slug, ComparisonRow)
    timeline: list = field(default_factory=list)
    faqs: list = field(default_factory=list)
    sources: list = field(default_factory=list)

    def state(self):
        checklist = self.checklist and {
            **values(self.checklist),
            "items": [item.text for item in self.items],
        }
        return (
            checklist,
            [{"modality": slug, **values(row)} for slug, row in self.rows],
            [values(step) for step in self.timeline],
            [values(faq) for faq in self.faqs],
            [values(source) for source in self.sources],
        )


@dataclass
class Entry:
    """One content file, parsed and checked: the object it describes, not yet saved."""

    file: ContentFile
    obj: models.Model
    topics: list = field(default_factory=list)
    people: dict = field(default_factory=dict)  # "author"/"reviewer" -> person slug
    related: list = field(default_factory=list)
    parts: Parts | None = None
    image: str | None = None  # the slug of an article's lead image or a person's photo
    sources: list = field(default_factory=list)  # a therapy page's (an article's are parts)
    picture: str = ""  # an image entry's picture file: its sha256

    @property
    def slug(self):
        return self.obj.slug

    @property
    def fingerprint(self):
        """What records remember of the file: for an image, its picture's bytes."""
        return self.picture or self.file.fingerprint


def describe(error, obj, where="", labels=None):
    """A ValidationError as one line naming each field the way the file does."""
    labels = labels or {}
    lines = []
    for name, errors in error.update_error_dict({}).items():
        label = "" if name == NON_FIELD_ERRORS else labels.get(name, f"'{name}'")
        for problem in errors:
            if not isinstance(problem, ValidationError):
                problem = ValidationError(problem)
            message = " ".join(problem.messages)
            if label and problem.code in {"blank", "null", "required"}:
                lines.append(f"{where}{label} is required")
            elif label and problem.code == "invalid_choice":
                values = [str(value) for value, _ in obj._meta.get_field(name).choices]
                allowed = f"{', '.join(values[:-1])} or {values[-1]}"
                value = shown(problem.params["value"])
                lines.append(f"{where}{label} must be {allowed}, not {value}")
            else:
                lines.append(f"{where}{label}: {message}" if label else f"{where}{message}")
    return "; ".join(lines)


def _links_checked_later():
    return None


def validate(content, obj, where="", labels=None, exclude=()):
    """Run the model's own validation on an unsaved object, or name the file and field.

    Left out: derived columns (not editable; save() writes them), the given foreign
    keys (their objects may not exist yet), slug uniqueness (files are matched by
    slug, and two files with one slug are refused), and links, which may lead to
    pages this import creates: the import checks them once everything is written,
    before it commits.
    """
    exclude = {*exclude, *(f.name for f in obj._meta.fields if not f.editable)}
    obj.visible_at = _links_checked_later  # text_problems() skips links without a time
    try:
        obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        raise content.problem(describe(error, obj, where, labels)) from None
    finally:
        del obj.visible_at


def parse_topic(content):
    content.check_keys(content.meta, TOPIC_KEYS)
    topic = Topic(
        slug=content.slug(),
        name=content.text(content.meta, "title"),
        summary=content.text(content.meta, "summary"),
        body=content.body,
        order=content.whole_number(content.meta, "order", 0),
    )
    validate(content, topic, labels=NAME_IS_TITLE)
    return Entry(content, topic)


def parse_person(content):
    content.check_keys(content.meta, PERSON_KEYS)
    person = Person(
        slug=content.slug(),
        name=content.text(content.meta, "name"),
        credentials=content.text(content.meta, "credentials"),
        bio=content.body,
    )
    validate(content, person, exclude=["photo"])
    return Entry(content, person, image=image_slug(content, "photo"))


def image_slug(content, key):
    slug = content.text(content.meta, key)
    if slug and slug != slugify(slug):
        raise content.problem(f"'{key}' must be an image slug, not {shown(slug)}")
    return slug or None


def parse_focal(content, key):
    value = content.meta.get(key, 0.5)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise content.problem(f"'{key}' must be a number from 0 to 1, not {shown(value)}")
    return float(value)


def parse_image(content):
    """An image's metadata file and the picture it names, checked as an upload is.

    The picture goes through the safe-upload checks (type sniffed from the bytes, size
    and pixel limits, SVG refused); a problem names the picture file.
    """
    meta = content.meta
    content.check_keys(meta, IMAGE_KEYS)
    name = content.text(meta, "file", required=True)
    path = content.path.parent / name
    if "/" in name or "\\" in name or name.startswith(".") or path.suffix == ".md":
        raise content.problem(
            f"'file' must name a picture beside this file, such as cycle.png, not {shown(name)}"
        )
    if not path.exists() and not path.is_symlink():
        raise content.problem(f"'file' names {shown(name)}, which is not beside this file")
    data = read_picture(path, content.path.parent.parent, uploads.max_bytes())
    image = Image(
        slug=content.slug(),
        alt=content.text(meta, "alt"),
        caption=content.text(meta, "caption"),
        credit=content.text(meta, "credit"),
        licence=content.text(meta, "licence"),
        focal_x=parse_focal(content, "focal_x"),
        focal_y=parse_focal(content, "focal_y"),
        file=SimpleUploadedFile(name, data),
    )
    try:
        image.clean()  # the safe-upload checks: the pixels, decoded and cleaned
    except ValidationError as error:
        raise ContentError(path, " ".join(error.messages)) from None
    validate(content, image, exclude=["file"])
    return Entry(content, image, picture=fingerprint(data))


def parse_modality(content):
    content.check_keys(content.meta, MODALITY_KEYS)
    modality = Modality(
        slug=content.slug(),
        name=content.text(content.meta, "title"),
        short_name=content.text(content.meta, "short_name"),
        summary=content.text(content.meta, "summary"),
        body=content.body,
        order=content.whole_number(content.meta, "order", 0),
        checked_on=parse_date(content, "checked"),
        updated_on=parse_date(content, "updated"),
        next_review_due=parse_date(content, "next_review"),
        abuse_help=content.flag(content.meta, "abuse_help"),
    )
    validate(content, modality, labels=MODALITY_LABELS)
    sources = [
        parse_source(content, source, number, ModalitySource)
        for number, source in enumerate(content.sequence(content.meta, "sources"), 1)
    ]
    if problems := checks.citation_problems(modality.body_html, len(sources), "therapy page"):
        raise content.problem(f"'body': {problems[0]}")
    return Entry(content, modality, topics=content.slugs("topics", "topic"), sources=sources)


def parse_key_points(content):
    """A YAML list of texts, one point each, kept as the field holds them: one per line.
    (How many there may be is the model's rule, checked with the article.)"""
    points = content.sequence(content.meta, "key_points")
    if not all(isinstance(point, str) and point.strip() for point in points):
        raise content.problem("'key_points' must be a list of texts")
    if any("\n" in point.strip() for point in points):
        raise content.problem("'key_points': each point must be one line")
    return "\n".join(point.strip() for point in points)


def parse_site_page(content):
    content.check_keys(content.meta, SITE_PAGE_KEYS)
    page = SitePage(
        slug=content.slug(),
        title=content.text(content.meta, "title"),
        summary=content.text(content.meta, "summary"),
        status=content.text(content.meta, "status", default=SitePage.Status.DRAFT),
        published_at=parse_published(content),
        body=content.body,
    )
    validate(content, page, labels={"published_at": "'published'"})
    return Entry(content, page)


def parse_published(content):
    value = content.meta.get("published")
    if value is None:
        return timezone.now()
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(9, 0))
    else:
        raise content.problem(f"'published' must be a date such as 2026-06-11, not {shown(value)}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def parse_date(content, key):
    value = content.meta.get(key)
    if value is None:
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise content.problem(f"'{key}' must be a date such as 2026-06-11, not {shown(value)}")
    return value


# Article.clean() pairs a reviewer with a review date by the reviewer's id. The
# reviewer may be created by this same import, so it gets its id when written.
_NAMED_IN_FILE = -1


def parse_article(content):
    meta = content.meta
    content.check_keys(meta, ARTICLE_KEYS)
    people = {role: slug for role in ("author", "reviewer") if (slug := content.text(meta, role))}
    article = Article(
        slug=content.slug(),
        title=content.text(meta, "title"),
        summary=content.text(meta, "summary"),
        key_points=parse_key_points(content),
        seo_title=content.text(meta, "seo_title"),
        meta_description=content.text(meta, "description"),
        status=content.text(meta, "status", default=Article.Status.DRAFT),
        published_at=parse_published(content),
        updated_on=parse_date(content, "updated"),
        reviewed_on=parse_date(content, "reviewed"),
        checked_on=parse_date(content, "checked"),
        next_review_due=parse_date(content, "next_review"),
        body=content.body,
        reviewer_id=_NAMED_IN_FILE if "reviewer" in people else None,
        abuse_help=content.flag(meta, "abuse_help"),
    )
    comparison = content.mapping(meta, "comparison", COMPARISON_KEYS)
    if comparison is not None:
        article.comparison_title = content.text(comparison, "title", "comparison: ", True)
    cta = content.mapping(meta, "cta", CTA_KEYS)
    if cta is not None:
        article.cta_title = content.text(cta, "title", "cta: ", required=True)
        article.cta_text = content.text(cta, "text", "cta: ")
        article.cta_button_label = content.text(cta, "button_label", "cta: ")
        article.cta_button_url = content.text(cta, "button_url", "cta: ")
    validate(content, article, labels=ARTICLE_LABELS, exclude=["author", "reviewer", "lead_image"])
    article.reviewer_id = None  # set, by slug, when the import writes the article

    entry = Entry(
        content,
        article,
        topics=content.slugs("topics", "topic"),
        people=people,
        related=content.slugs("related", "article"),
        parts=parse_parts(content, comparison),
        image=image_slug(content, "lead_image"),
    )
    if entry.slug in entry.related:
        raise content.problem("'related' cannot name the article itself")
    parts = entry.parts
    available = {
        "checklist": parts.checklist is not None,
        "comparison": bool(parts.rows),
        "timeline": bool(parts.timeline),
    }
    if problems := article.parts_problems(available, len(parts.sources)):
        raise content.problem(f"'body': {problems[0]}")
    return entry


def parse_parts(content, comparison):
    meta = content.meta
    parts = Parts()
    checklist = content.mapping(meta, "checklist", CHECKLIST_KEYS)
    if checklist is not None:
        threshold = content.whole_number(checklist, "threshold", 3, "checklist: ")
        parts.checklist = Checklist(
            title=content.text(checklist, "title", "checklist: "),
            note=content.text(checklist, "note", "checklist: "),
            interpretation=content.text(checklist, "interpretation", "checklist: "),
            threshold=threshold,
        )
        validate(content, parts.checklist, "checklist: ", exclude=["article"])
        items = content.sequence(checklist, "items", "checklist: ")
        if not items or not all(isinstance(item, str) and item.strip() for item in items):
            raise content.problem("checklist: 'items' must be a non-empty list of texts")
        for order, text in enumerate(items):
            item = ChecklistItem(text=text.strip(), order=order)
            validate(content, item, "checklist item: ", exclude=["checklist"])
            parts.items.append(item)

    if comparison is not None:
        rows = content.sequence(comparison, "rows", "comparison: ")
        if not rows:
            raise content.problem("comparison: 'rows' must list at least one row")
        for number, row in enumerate(content.records(rows, ROW_KEYS, "comparison row"), 1):
            where = f"comparison row {number}: "
            slug = row.pop("modality")
            if not slug:
                raise content.problem(f"{where}'modality' is required")
            parts.rows.append((slug, ComparisonRow(order=number - 1, **row)))
            validate(content, parts.rows[-1][1], where, exclude=["article", "modality"])

    steps = content.records(content.sequence(meta, "timeline"), TIMELINE_KEYS, "timeline step")
    for number, step in enumerate(steps, 1):
        parts.timeline.append(TimelineStep(order=number - 1, **step))
        validate(content, parts.timeline[-1], f"timeline step {number}: ", exclude=["article"])

    faqs = content.records(content.sequence(meta, "faqs"), FAQ_KEYS, "faq")
    for number, faq in enumerate(faqs, 1):
        parts.faqs.append(FAQ(order=number - 1, **faq))
        validate(content, parts.faqs[-1], f"faq {number}: ", exclude=["article"])

    for number, source in enumerate(content.sequence(meta, "sources"), 1):
        parts.sources.append(parse_source(content, source, number))
    return parts


def parse_source(content, data, number, model=Source):
    """One source of an article (or, with its model, a therapy page), checked by the
    model's validators."""
    where = f"source {number}: "
    if not isinstance(data, dict):
        raise content.problem(f"{where}must be a mapping of fields")
    content.check_keys(data, set(SOURCE_KEYS_IN_ORDER), where)
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise content.problem(f"{where}'year' must be a year such as 1987")
    source = model(
        order=number - 1,
        year=year,
        **{key: content.text(data, key, where) for key in SOURCE_KEYS_IN_ORDER if key != "year"},
    )
    validate(content, source, where, exclude=["article", "modality"])
    return source
