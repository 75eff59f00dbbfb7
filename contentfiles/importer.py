"""Read content/ (markdown with YAML front matter) and load it into the database.

Every file is parsed and checked before anything is written, and the writes run
in one transaction: a malformed file changes nothing. Nor does an import that
would replace what an editor saved in the admin since the object was last
imported or exported (a conflict), unless it is told to overwrite.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from articles.models import Article, Checklist, ChecklistItem, ComparisonRow, Source, TimelineStep
from core import checks, revisions
from faqs.models import FAQ
from images import renditions
from images.models import Image
from modalities.models import Modality
from modalities.models import Source as ModalitySource
from pages.models import SitePage
from people.models import Person
from topics.models import Topic

from . import records
from .parsing import (
    describe,
    parse_article,
    parse_image,
    parse_modality,
    parse_person,
    parse_site_page,
    parse_topic,
    values,
)
from .reading import ContentError, fingerprint, read, shown

__all__ = ["ContentError", "Conflicts", "import_content"]

# In this order: later files name earlier ones.
FOLDERS = (
    ("images", Image, parse_image),
    ("topics", Topic, parse_topic),
    ("people", Person, parse_person),
    ("modalities", Modality, parse_modality),
    ("articles", Article, parse_article),
    ("pages", SitePage, parse_site_page),
)
HAS_TOPICS = (Modality, Article)
IMAGE_FIELD = {Article: "lead_image", Person: "photo"}


@dataclass
class Conflict:
    """An object saved since it was last imported or exported, that its file would change.

    Described as it is before the import, so a report after --overwrite still names
    the editor's version.
    """

    path: str
    title: str
    change: str  # who saved it last, and when
    recorded: bool  # whether it was ever imported from or exported to a file
    file_changed: bool

    @classmethod
    def of(cls, entry, obj, record):
        return cls(
            path=entry.file.relative,
            title=str(obj),
            change=records.last_change(obj),
            recorded=record is not None,
            file_changed=record is not None and record.fingerprint != entry.fingerprint,
        )

    def __str__(self):
        if self.recorded:
            what = " ".join(filter(None, ["was changed in the admin", self.change]))
            what += " since it was last imported"
            if self.file_changed:
                what += " (and the file changed too)"
        else:
            what = "differs from the file and was never imported from it"
            what += f" (last changed {self.change})" if self.change else ""
        return f"{self.path}: “{self.title}” {what}"


class Conflicts(Exception):
    def __init__(self, conflicts):
        self.conflicts = conflicts
        super().__init__(
            "\n".join(
                f"{conflict}; run import_content --overwrite to replace it with the file "
                "(the admin version stays in its history), or export_content to keep it."
                for conflict in conflicts
            )
        )


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    overwritten: list = field(default_factory=list)  # Conflicts the files replaced
    counts: dict = field(default_factory=dict)


def load_folder(root, name, parse):
    results = {}
    folder = root / name
    if not folder.is_dir():
        return results
    for path in sorted(folder.glob("*.md")):
        entry = parse(read(path, root))
        if entry.slug in results:
            raise ContentError(path, f"slug {shown(entry.slug)} is already used by another file")
        results[entry.slug] = entry
    return results


def check_references(groups):
    """Every slug a file names is a file of the import or an object in the database."""
    known = {
        model: set(groups[model]) | set(model.objects.values_list("slug", flat=True))
        for model in groups
    }
    for entry in [*groups[Modality].values(), *groups[Article].values()]:
        for slug in entry.topics:
            if slug not in known[Topic]:
                raise entry.file.problem(f"'topics' names unknown topic {shown(slug)}")
    for entry in [*groups[Person].values(), *groups[Article].values()]:
        if entry.image and entry.image not in known[Image]:
            key = IMAGE_FIELD[type(entry.obj)]
            raise entry.file.problem(f"'{key}' names unknown image {shown(entry.image)}")
    for entry in groups[Article].values():
        for role, slug in entry.people.items():
            if slug not in known[Person]:
                raise entry.file.problem(f"'{role}' names unknown person {shown(slug)}")
        for slug, _ in entry.parts.rows:
            if slug not in known[Modality]:
                raise entry.file.problem(f"comparison row names unknown modality {shown(slug)}")
        for slug in entry.related:
            if slug not in known[Article]:
                raise entry.file.problem(f"'related' names unknown article {shown(slug)}")


def file_state(entry):
    """What the file says, in the terms of saved_state()."""
    state = {"fields": values(entry.obj)}
    if isinstance(entry.obj, Image):
        state["picture"] = entry.picture
    if type(entry.obj) in IMAGE_FIELD:
        state["fields"]["image"] = entry.image
    if isinstance(entry.obj, Article):
        state["fields"].update({role: entry.people.get(role) for role in ("author", "reviewer")})
        state["parts"] = entry.parts.state()
        state["related"] = sorted(entry.related)
    if isinstance(entry.obj, HAS_TOPICS):
        state["topics"] = sorted(entry.topics)
    if isinstance(entry.obj, Modality):
        state["sources"] = [values(source) for source in entry.sources]
    return state


def saved_state(obj, record=None):
    """What the database holds for obj, as file_state() describes a file."""
    state = {"fields": values(obj)}
    if isinstance(obj, Image):
        state["picture"] = _saved_picture(obj, record)
    if field_name := IMAGE_FIELD.get(type(obj)):
        image = getattr(obj, field_name)
        state["fields"]["image"] = image.slug if image else None
    if isinstance(obj, Article):
        for role in ("author", "reviewer"):
            state["fields"][role] = getattr(obj, role).slug if getattr(obj, f"{role}_id") else None
        state["parts"] = _saved_parts(obj)
        state["related"] = sorted(obj.related.values_list("slug", flat=True))
    if isinstance(obj, HAS_TOPICS):
        state["topics"] = sorted(obj.topics.values_list("slug", flat=True))
    if isinstance(obj, Modality):
        state["sources"] = [values(source) for source in obj.sources.all()]
    return state


def import_content(root, overwrite=False):
    """Import root/images, topics, people, modalities, articles and pages.

    On a problem, raise ContentError and change nothing. If an object was saved
    since it was last imported or exported and its file would change it, raise
    Conflicts and change nothing, unless overwrite: then the file wins, and the
    saved version stays in the object's history.
    """
    root = Path(root)
    if not root.is_dir():
        raise ContentError(root, "is not a folder")
    records.folder_key(root)  # checked before anything is read
    groups = {}
    for name, model, parse in FOLDERS:
        # A body may name an image read earlier in this import; every text is checked
        # again against the database once everything is written.
        with checks.pending("image", groups.get(Image, {})):
            groups[model] = load_folder(root, name, parse)
    check_references(groups)
    report = ImportReport(counts={name: len(groups[model]) for name, model, _ in FOLDERS})
    stored = set()  # the image files this import writes, removed again if it fails
    try:
        _import(root, groups, report, overwrite, stored)
    except BaseException:
        renditions.delete_files(stored)
        raise
    return report


def _import(root, groups, report, overwrite, stored):
    with transaction.atomic():
        plan, conflicts = _plan(groups, report, root)
        if conflicts and not overwrite:
            raise Conflicts([conflict for _, conflict in conflicts])
        for obj, _ in conflicts:
            # Saved without history: keep that version now. (Images keep no history.)
            if hasattr(obj, "history") and not obj.history.exists():
                revisions.record(obj, reason="Before import_content --overwrite")
        report.overwritten = [conflict for _, conflict in conflicts]

        imported = _write(plan, stored)
        for entry, obj in imported:
            _check_links(entry, obj)
        records.remember(
            [(obj, entry.file.relative, entry.fingerprint) for entry, obj in imported], root
        )


def _plan(groups, report, root):
    """What the import changes: [(entry, saved object or None, aspects that change)],
    and the conflicts: [(object, Conflict)]. Counts each file in the report."""
    entries = []
    for model, group in groups.items():
        # Locked until the import commits: an admin save waits rather than slip between.
        saved = model.objects.select_for_update().in_bulk(list(group), field_name="slug")
        entries += [(entry, saved.get(slug)) for slug, entry in group.items()]
    known = records.records_for((obj for _, obj in entries if obj is not None), root)
    plan, conflicts = [], []
    for entry, obj in entries:
        record = known.get((type(obj), obj.pk)) if obj is not None else None
        wanted = file_state(entry)
        have = saved_state(obj, record) if obj is not None else {}
        changes = {aspect for aspect in wanted if wanted[aspect] != have.get(aspect)}
        plan.append((entry, obj, changes))
        if obj is None:
            report.created += 1
        elif not changes:
            report.unchanged += 1  # even if saved since: the file would change nothing
        else:
            report.updated += 1
            # Saved since the last import or export, or never imported: an editor's work.
            if record is None or record.version != records.version(obj):
                conflicts.append((obj, Conflict.of(entry, obj, record)))
    return plan, conflicts


def _saved_picture(image, record):
    """The sha256 of the picture the image shows, as a file would give it.

    Stored originals are re-encoded, so a picture imported from a file is known by the
    record of that import, as long as the image was not saved since.
    """
    if record is not None and record.version == records.version(image):
        return record.fingerprint
    with image.file.open("rb") as stored:
        return fingerprint(stored.read())


def _write_image(entry, obj, changes, stored):
    """Save an image: its metadata, and its picture only when that changed."""
    obj = obj or Image(slug=entry.slug)
    if not changes:
        return obj
    before = set(obj.stored_names()) if obj.pk else set()
    for name, value in values(entry.obj).items():
        setattr(obj, name, value)
    if "picture" in changes:
        obj.file, obj._pixels = entry.obj.file, entry.obj._pixels
    obj.save()
    stored.update(set(obj.stored_names()) - before)
    return obj


def _write(plan, stored):
    """Make the database say what the files say; return [(entry, saved object)]."""
    imported = []
    for entry, obj, changes in plan:
        model = type(entry.obj)
        if model is Image:
            imported.append((entry, _write_image(entry, obj, changes, stored)))
            continue
        created = obj is None
        if created:
            obj = model(slug=entry.slug)
        # One revision per imported file, written once its parts are saved too, so the
        # revision restores the object whole (not a "Created" one without its parts).
        obj.skip_history_when_saving = True
        if "fields" in changes:
            for name, value in values(entry.obj).items():
                setattr(obj, name, value)
            if field_name := IMAGE_FIELD.get(model):
                image = Image.objects.filter(slug=entry.image).first() if entry.image else None
                setattr(obj, field_name, image)
            if model is Article:
                people = Person.objects.in_bulk(list(entry.people.values()), field_name="slug")
                obj.author = people.get(entry.people.get("author"))
                obj.reviewer = people.get(entry.people.get("reviewer"))
            obj.save()
        if "topics" in changes:
            obj.topics.set(Topic.objects.filter(slug__in=entry.topics))
        if "parts" in changes:
            _replace_parts(obj, entry.parts)
        if "sources" in changes:
            _replace_sources(obj, entry.sources)
        del obj.skip_history_when_saving
        if changes & {"fields", "parts", "sources"}:
            reason = f"Imported from {entry.file.relative}"
            revisions.record(obj, reason=reason, created=created)
        imported.append((entry, obj))
    # Related articles may be created by this import, so they are set once all are saved.
    for (entry, obj), (_, _, changes) in zip(imported, plan, strict=True):
        if "related" in changes:
            obj.related.set(Article.objects.filter(slug__in=entry.related))
    return imported


def _check_links(entry, obj):
    """Links may lead to pages this import wrote, so they are checked now, before commit."""
    if isinstance(obj, Image):
        return  # no text, no links
    problems = obj.content_problems()
    if problems:
        raise entry.file.problem(describe(ValidationError(problems), obj))
    for number, part in enumerate(getattr(obj, "text_parts", list)(), 1):
        if problems := part.content_problems():
            raise entry.file.problem(describe(ValidationError(problems), part, f"faq {number}: "))


def _replace_parts(article, parts):
    """Make the article's embeds, FAQs and sources those of the file."""
    Checklist.objects.filter(article=article).delete()
    article.comparison_rows.all().delete()
    article.timeline_steps.all().delete()
    article.faqs.all().delete()
    article.sources.all().delete()
    # Parts are written with their history, so a revision can be restored whole.
    if parts.checklist is not None:
        checklist = Checklist.objects.create(article=article, **values(parts.checklist))
        items = [
            ChecklistItem(checklist=checklist, order=i.order, text=i.text) for i in parts.items
        ]
        bulk_create_with_history(items, ChecklistItem)
    modalities = Modality.objects.in_bulk([slug for slug, _ in parts.rows], field_name="slug")
    rows = [
        ComparisonRow(article=article, modality=modalities[slug], order=row.order, **values(row))
        for slug, row in parts.rows
    ]
    bulk_create_with_history(rows, ComparisonRow)
    for model, new in ((TimelineStep, parts.timeline), (Source, parts.sources)):
        objs = [model(article=article, order=part.order, **values(part)) for part in new]
        bulk_create_with_history(objs, model)
    for faq in parts.faqs:  # save() renders the answer
        FAQ.objects.create(article=article, order=faq.order, **values(faq))
    article.save(update_fields=["updated_at"])


def _replace_sources(modality, sources):
    """Make a therapy page's sources those of its file."""
    modality.sources.all().delete()
    ModalitySource.objects.bulk_create(
        ModalitySource(modality=modality, order=source.order, **values(source))
        for source in sources
    )
    modality.save(update_fields=["updated_at"])  # a new version: the page changed


def _saved_parts(article):
    checklist = Checklist.objects.filter(article=article).first()
    if checklist:
        checklist = {
            **values(checklist),
            "items": list(checklist.items.values_list("text", flat=True)),
        }
    rows = [
        {"modality": row.modality.slug, **values(row)}
        for row in article.comparison_rows.select_related("modality")
    ]
    return (
        checklist,
        rows,
        [values(step) for step in article.timeline_steps.all()],
        [values(faq) for faq in article.faqs.all()],
        [values(source) for source in article.sources.all()],
    )
