"""Read content/ (markdown with YAML front matter) and load it into the database.

Every file is parsed and checked before anything is written, and the writes
run in one transaction: a malformed file changes nothing.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from articles.models import (
    EMBEDS,
    Article,
    Checklist,
    ChecklistItem,
    ComparisonRow,
    Source,
    TimelineStep,
)
from core import checks, markup
from faqs.models import FAQ
from modalities.models import Modality
from people.models import Person
from topics.models import Topic


class ContentError(Exception):
    """A problem in one content file; the message names the file."""

    def __init__(self, path, problem):
        super().__init__(f"{path}: {problem}")


TOPIC_KEYS = {"title", "slug", "summary", "order"}
PERSON_KEYS = {"name", "slug", "credentials"}
MODALITY_KEYS = {"title", "slug", "short_name", "summary", "order", "topics"}
ARTICLE_KEYS = {
    "title", "slug", "summary", "author", "reviewer", "reviewed", "next_review", "published",
    "updated", "status", "related", "topics", "checklist", "comparison", "timeline", "faqs",
    "cta", "sources",
}  # fmt: skip
SOURCE_KEYS_IN_ORDER = ("authors", "title", "publisher", "year", "url", "doi", "pmid")
SOURCE_KEYS = set(SOURCE_KEYS_IN_ORDER)
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
CHECKLIST_KEYS = {"title", "note", "items", "interpretation", "threshold"}
COMPARISON_KEYS = {"title", "rows"}
ROW_KEYS = {"modality", "best_for", "format", "evidence"}
TIMELINE_KEYS = {"title", "period", "text"}
FAQ_KEYS = {"question", "answer"}
CTA_KEYS = {"title", "text", "button_label", "button_url"}


@dataclass
class ContentFile:
    path: Path
    meta: dict
    body: str

    def problem(self, message):
        return ContentError(self.path, message)

    def text(self, data, key, where="", required=False, default=""):
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise self.problem(f"{where}'{key}' is required")
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.problem(f"{where}'{key}' must be text")
        return str(value).strip()

    def mapping(self, data, key, allowed, where=""):
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.problem(f"{where}'{key}' must be a mapping of fields")
        self.check_keys(value, allowed, f"{where}{key}: ")
        return value

    def sequence(self, data, key, where=""):
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.problem(f"{where}'{key}' must be a list")
        return value

    def records(self, items, keys, label):
        """A list of mappings that must each hold exactly `keys`, all as text."""
        records = []
        for number, item in enumerate(items, 1):
            where = f"{label} {number}: "
            if not isinstance(item, dict):
                raise self.problem(f"{where}must be a mapping of {', '.join(sorted(keys))}")
            self.check_keys(item, keys, where)
            records.append(
                {key: self.text(item, key, where, required=True) for key in sorted(keys)}
            )
        return records

    def check_keys(self, data, allowed, where=""):
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.problem(f"{where}unknown key(s) {', '.join(map(repr, unknown))}")


def read(path):
    """Split one file into front matter and body."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(path, "is not valid UTF-8") from None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, "must start with a '---' line opening the front matter")
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    except StopIteration:
        raise ContentError(path, "front matter is not closed by a '---' line") from None
    try:
        meta = yaml.safe_load("".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        problem = getattr(error, "problem", None) or "cannot be parsed"
        raise ContentError(path, f"invalid YAML in front matter{where}: {problem}") from None
    except ValueError as error:  # a well-formed but impossible value, e.g. 2026-13-45
        raise ContentError(path, f"invalid value in front matter: {error}") from None
    if not isinstance(meta, dict):
        raise ContentError(path, "front matter must be a mapping of keys to values")
    return ContentFile(path=path, meta=meta, body="".join(lines[end + 1 :]).strip() + "\n")


def slug_of(content):
    slug = content.text(content.meta, "slug") or content.path.stem
    if slug != slugify(slug):
        raise content.problem(f"slug {slug!r} may only hold lowercase letters, digits and hyphens")
    return slug


def order_of(content):
    order = content.meta.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        raise content.problem("'order' must be a whole number")
    return order


def topic_slugs(content):
    """The 'topics' list: topic slugs, each named once."""
    slugs = content.sequence(content.meta, "topics")
    for slug in slugs:
        if not isinstance(slug, str) or slug != slugify(slug) or not slug:
            raise content.problem(f"'topics' must list topic slugs, not {slug!r}")
    if len(set(slugs)) != len(slugs):
        raise content.problem("'topics' names a topic more than once")
    return slugs


@dataclass
class NamedData:
    """A topic or a person: a slug and its fields."""

    path: Path
    slug: str
    fields: dict


@dataclass
class ModalityData:
    path: Path
    slug: str
    fields: dict
    topics: list = field(default_factory=list)


@dataclass
class ArticleData:
    path: Path
    slug: str
    fields: dict
    people: dict = field(default_factory=dict)  # "author"/"reviewer" -> person slug
    related: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    checklist: dict | None = None
    checklist_items: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    timeline: list = field(default_factory=list)
    faqs: list = field(default_factory=list)
    sources: list = field(default_factory=list)


def parse_person(content):
    content.check_keys(content.meta, PERSON_KEYS)
    return NamedData(
        path=content.path,
        slug=slug_of(content),
        fields={
            "name": content.text(content.meta, "name", required=True),
            "credentials": content.text(content.meta, "credentials"),
            "bio": markup.normalize_source(content.body),
        },
    )


def parse_topic(content):
    content.check_keys(content.meta, TOPIC_KEYS)
    return NamedData(
        path=content.path,
        slug=slug_of(content),
        fields={
            "name": content.text(content.meta, "title", required=True),
            "summary": content.text(content.meta, "summary", required=True),
            "body": markup.normalize_source(content.body),
            "order": order_of(content),
        },
    )


def parse_modality(content):
    content.check_keys(content.meta, MODALITY_KEYS)
    return ModalityData(
        path=content.path,
        slug=slug_of(content),
        fields={
            "name": content.text(content.meta, "title", required=True),
            "short_name": content.text(content.meta, "short_name"),
            "summary": content.text(content.meta, "summary", required=True),
            "body": content.body,
            "order": order_of(content),
        },
        topics=topic_slugs(content),
    )


def parse_published(content):
    value = content.meta.get("published")
    if value is None:
        return timezone.now()
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(9, 0))
    else:
        raise content.problem(f"'published' must be a date such as 2026-06-11, not {value!r}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def parse_date(content, key):
    value = content.meta.get(key)
    if value is None:
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise content.problem(f"'{key}' must be a date such as 2026-06-11, not {value!r}")
    return value


def parse_article(content):
    meta = content.meta
    content.check_keys(meta, ARTICLE_KEYS)
    status = content.text(meta, "status", default=Article.Status.DRAFT)
    if status not in Article.Status.values:
        raise content.problem(f"'status' must be draft or published, not {status!r}")
    data = ArticleData(
        path=content.path,
        slug=slug_of(content),
        fields={
            "title": content.text(meta, "title", required=True),
            "summary": content.text(meta, "summary", required=True),
            "status": status,
            "published_at": parse_published(content),
            "updated_on": parse_date(content, "updated"),
            "reviewed_on": parse_date(content, "reviewed"),
            "next_review_due": parse_date(content, "next_review"),
            "body": content.body,
            "comparison_title": "",
            "cta_title": "",
            "cta_text": "",
            "cta_button_label": "",
            "cta_button_url": "",
        },
        topics=topic_slugs(content),
    )
    for role in ("author", "reviewer"):
        if slug := content.text(meta, role):
            data.people[role] = slug
    if bool(data.people.get("reviewer")) != bool(data.fields["reviewed_on"]):
        raise content.problem("'reviewer' and 'reviewed' (the review date) go together")

    for slug in content.sequence(meta, "related"):
        if not isinstance(slug, str):
            raise content.problem("'related' must list article slugs")
        data.related.append(slug)

    checklist = content.mapping(meta, "checklist", CHECKLIST_KEYS)
    if checklist is not None:
        threshold = checklist.get("threshold", 3)
        if not isinstance(threshold, int) or threshold < 1:
            raise content.problem("checklist: 'threshold' must be a whole number of at least 1")
        data.checklist = {
            "title": content.text(checklist, "title", "checklist: ", required=True),
            "note": content.text(checklist, "note", "checklist: ", required=True),
            "interpretation": content.text(checklist, "interpretation", "checklist: "),
            "threshold": threshold,
        }
        items = content.sequence(checklist, "items", "checklist: ")
        if not items or not all(isinstance(item, str) and item.strip() for item in items):
            raise content.problem("checklist: 'items' must be a non-empty list of texts")
        data.checklist_items = [item.strip() for item in items]

    comparison = content.mapping(meta, "comparison", COMPARISON_KEYS)
    if comparison is not None:
        data.fields["comparison_title"] = content.text(
            comparison, "title", "comparison: ", required=True
        )
        data.rows = content.records(
            content.sequence(comparison, "rows", "comparison: "), ROW_KEYS, "comparison row"
        )
        if not data.rows:
            raise content.problem("comparison: 'rows' must list at least one row")

    data.timeline = content.records(
        content.sequence(meta, "timeline"), TIMELINE_KEYS, "timeline step"
    )
    data.faqs = content.records(content.sequence(meta, "faqs"), FAQ_KEYS, "faq")
    for faq in data.faqs:
        faq["answer"] = markup.normalize_source(faq["answer"])

    cta = content.mapping(meta, "cta", CTA_KEYS)
    if cta is not None:
        data.fields["cta_title"] = content.text(cta, "title", "cta: ", required=True)
        data.fields["cta_text"] = content.text(cta, "text", "cta: ")
        data.fields["cta_button_label"] = content.text(cta, "button_label", "cta: ")
        url = content.text(cta, "button_url", "cta: ")
        if (
            url
            and not (url.startswith("/") and not url.startswith("//"))
            and not url.startswith("https://")
        ):
            raise content.problem("cta: 'button_url' must be a site path or an https URL")
        data.fields["cta_button_url"] = url

    for number, source in enumerate(content.sequence(meta, "sources"), 1):
        data.sources.append(parse_source(content, source, f"source {number}: "))

    have = {"checklist": bool(data.checklist), "comparison": bool(data.rows)}
    have["timeline"] = bool(data.timeline)
    problems = checks.marker_problems(content.body, EMBEDS, have)
    if problems:
        raise content.problem(problems[0])
    html = markup.render_document(content.body).html
    if missing_alt := checks.images_without_alt(html):
        raise content.problem(f"images need alt text: {', '.join(missing_alt)}")
    if uncited := checks.undefined_citations(html, len(data.sources)):
        raise content.problem(
            f"the body cites [{uncited[0]}] but the front matter lists "
            f"{len(data.sources)} source(s)"
        )
    return data


def parse_source(content, source, where):
    if not isinstance(source, dict):
        raise content.problem(f"{where}must be a mapping of fields")
    content.check_keys(source, SOURCE_KEYS, where)
    year = source.get("year")
    if year is not None and (not isinstance(year, int) or not 1000 <= year <= 2100):
        raise content.problem(f"{where}'year' must be a year such as 1987")
    url = content.text(source, "url", where)
    if url and not url.startswith("https://"):
        raise content.problem(f"{where}'url' must be an https URL")
    doi = content.text(source, "doi", where)
    if doi and not DOI.match(doi):
        raise content.problem(f"{where}'doi' must look like 10.1037/0022-3514.52.3.511")
    pmid = content.text(source, "pmid", where)
    if pmid and not pmid.isdigit():
        raise content.problem(f"{where}'pmid' must be digits only")
    return {
        "authors": content.text(source, "authors", where),
        "title": content.text(source, "title", where, required=True),
        "publisher": content.text(source, "publisher", where),
        "year": year,
        "url": url,
        "doi": doi,
        "pmid": pmid,
    }


def load_folder(folder, parse):
    results = {}
    if not folder.is_dir():
        return results
    for path in sorted(folder.glob("*.md")):
        data = parse(read(path))
        if data.slug in results:
            raise ContentError(path, f"slug {data.slug!r} is already used by another file")
        results[data.slug] = data
    return results


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    counts: dict = field(default_factory=dict)


def import_content(root):
    """Import root/topics, root/people, root/modalities and root/articles.

    On a problem, raise ContentError and change nothing.
    """
    root = Path(root)
    if not root.is_dir():
        raise ContentError(root, "is not a folder")
    topics = load_folder(root / "topics", parse_topic)
    people = load_folder(root / "people", parse_person)
    modalities = load_folder(root / "modalities", parse_modality)
    articles = load_folder(root / "articles", parse_article)

    known_topics = set(topics) | set(Topic.objects.values_list("slug", flat=True))
    for data in [*modalities.values(), *articles.values()]:
        for slug in data.topics:
            if slug not in known_topics:
                raise ContentError(data.path, f"'topics' names unknown topic {slug!r}")

    for data in [*topics.values(), *people.values(), *modalities.values(), *articles.values()]:
        _check_fits(data)

    known_modalities = set(modalities) | set(Modality.objects.values_list("slug", flat=True))
    known_articles = set(articles) | set(Article.objects.values_list("slug", flat=True))
    known_people = set(people) | set(Person.objects.values_list("slug", flat=True))
    for article in articles.values():
        for role, slug in article.people.items():
            if slug not in known_people:
                raise ContentError(article.path, f"'{role}' names unknown person {slug!r}")
        for row in article.rows:
            if row["modality"] not in known_modalities:
                raise ContentError(
                    article.path, f"comparison row names unknown modality {row['modality']!r}"
                )
        for slug in article.related:
            if slug not in known_articles:
                raise ContentError(article.path, f"'related' names unknown article {slug!r}")
            if slug == article.slug:
                raise ContentError(article.path, "'related' cannot name the article itself")

    report = ImportReport(
        counts={
            "topics": len(topics),
            "people": len(people),
            "modalities": len(modalities),
            "articles": len(articles),
        }
    )
    with transaction.atomic():
        for data in topics.values():
            _record(report, _upsert(Topic, data.slug, data.fields))
        topic_ids = dict(Topic.objects.values_list("slug", "pk"))
        for data in people.values():
            _record(report, _upsert(Person, data.slug, data.fields))
        for data in modalities.values():
            modality, state = _upsert(Modality, data.slug, data.fields)
            if _set_topics(modality, data.topics, topic_ids):
                state = state or "updated"
            _record(report, (modality, state))
        people_by_slug = Person.objects.in_bulk(field_name="slug")
        saved = {}
        for data in articles.values():
            fields = dict(data.fields)
            for role in ("author", "reviewer"):
                fields[role] = people_by_slug.get(data.people.get(role))
            article, state = _upsert(Article, data.slug, fields)
            children_changed = _replace_children(article, data)
            topics_changed = _set_topics(article, data.topics, topic_ids)
            if children_changed or topics_changed:
                state = state or "updated"
            _record(report, (article, state))
            saved[data.slug] = (article, data)
        for article, data in saved.values():
            related = Article.objects.filter(slug__in=data.related)
            if set(article.related.values_list("pk", flat=True)) != {a.pk for a in related}:
                article.related.set(related)
        for article, data in saved.values():
            problems = article.content_problems()
            for faq in article.faqs.all():
                faq.article = article
                problems.update({f"faq {faq}": m for f, m in faq.content_problems().items()})
            for field_name, messages in problems.items():
                raise ContentError(data.path, f"{field_name}: {' '.join(messages)}")
    return report


def _check_fits(data):
    """Every value fits its database column (length, number range), or the file is named."""
    if isinstance(data, NamedData):
        model = Topic if data.path.parent.name == "topics" else Person
        _check_values(data.path, model, data.fields)
        return
    if isinstance(data, ModalityData):
        _check_values(data.path, Modality, data.fields)
        return
    _check_values(data.path, Article, data.fields)
    if data.checklist:
        _check_values(data.path, Checklist, data.checklist, "checklist: ")
    for text in data.checklist_items:
        _check_values(data.path, ChecklistItem, {"text": text}, "checklist item: ")
    for model, records, label in (
        (ComparisonRow, data.rows, "comparison row"),
        (TimelineStep, data.timeline, "timeline step"),
        (FAQ, data.faqs, "faq"),
        (Source, data.sources, "source"),
    ):
        for number, record in enumerate(records, 1):
            _check_values(data.path, model, record, f"{label} {number}: ")


def _check_values(path, model, values, where=""):
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.is_relation or value is None:
            continue
        try:
            field.run_validators(value)
        except ValidationError as error:
            raise ContentError(path, f"{where}'{name}': {' '.join(error.messages)}") from None


def _record(report, result):
    state = result[1]
    if state == "created":
        report.created += 1
    elif state == "updated":
        report.updated += 1
    else:
        report.unchanged += 1


def _upsert(model, slug, fields):
    """Create or update by slug; save only when something differs (keeps updated_at true)."""
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        return model.objects.create(slug=slug, **fields), "created"
    if all(getattr(obj, key) == value for key, value in fields.items()):
        return obj, None
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.save()
    return obj, "updated"


def _set_topics(obj, slugs, topic_ids):
    """Make the object's topics those the file names; report whether anything changed."""
    wanted = {topic_ids[slug] for slug in slugs}
    if set(obj.topics.values_list("pk", flat=True)) == wanted:
        return False
    obj.topics.set(wanted)
    return True


def _replace_children(article, data):
    """Make the article's embeds and FAQs match the file; report whether anything changed."""
    if _children_in_db(article) == _children_in_file(data):
        return False
    Checklist.objects.filter(article=article).delete()
    article.comparison_rows.all().delete()
    article.timeline_steps.all().delete()
    article.faqs.all().delete()
    article.sources.all().delete()
    # Children are written with their history, so a revision can be restored whole.
    if data.checklist:
        checklist = Checklist.objects.create(article=article, **data.checklist)
        bulk_create_with_history(
            [
                ChecklistItem(checklist=checklist, text=text, order=order)
                for order, text in enumerate(data.checklist_items)
            ],
            ChecklistItem,
        )
    modality_ids = dict(Modality.objects.values_list("slug", "pk"))
    bulk_create_with_history(
        [
            ComparisonRow(
                article=article,
                modality_id=modality_ids[row["modality"]],
                best_for=row["best_for"],
                format=row["format"],
                evidence=row["evidence"],
                order=order,
            )
            for order, row in enumerate(data.rows)
        ],
        ComparisonRow,
    )
    bulk_create_with_history(
        [
            TimelineStep(article=article, order=order, **step)
            for order, step in enumerate(data.timeline)
        ],
        TimelineStep,
    )
    bulk_create_with_history(
        [
            Source(article=article, order=order, **source)
            for order, source in enumerate(data.sources)
        ],
        Source,
    )
    for order, faq in enumerate(data.faqs):
        FAQ.objects.create(article=article, order=order, **faq)  # save() renders the answer
    article.save(update_fields=["updated_at"])  # the revision that holds these children
    return True


def _children_in_file(data):
    checklist = dict(data.checklist, items=data.checklist_items) if data.checklist else None
    return checklist, data.rows, data.timeline, data.faqs, data.sources


def _children_in_db(article):
    checklist = Checklist.objects.filter(article=article).first()
    if checklist:
        checklist = {
            "title": checklist.title,
            "note": checklist.note,
            "interpretation": checklist.interpretation,
            "threshold": checklist.threshold,
            "items": list(checklist.items.values_list("text", flat=True)),
        }
    rows = [
        {"modality": row.modality.slug, "best_for": row.best_for, "format": row.format,
         "evidence": row.evidence}
        for row in article.comparison_rows.select_related("modality")
    ]  # fmt: skip
    timeline = list(article.timeline_steps.values("title", "period", "text"))
    faqs = list(article.faqs.values("question", "answer"))
    sources = list(article.sources.values(*SOURCE_KEYS_IN_ORDER))
    return checklist, rows, timeline, faqs, sources
