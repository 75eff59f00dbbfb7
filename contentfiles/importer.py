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
from core import revisions
from faqs.models import FAQ
from modalities.models import Modality
from people.models import Person
from topics.models import Topic

from . import records
from .parsing import (
    describe,
    parse_article,
    parse_modality,
    parse_person,
    parse_topic,
    values,
)
from .reading import ContentError, read, shown

__all__ = ["ContentError", "Conflicts", "import_content"]

# In this order: later files name earlier ones.
FOLDERS = (
    ("topics", Topic, parse_topic),
    ("people", Person, parse_person),
    ("modalities", Modality, parse_modality),
    ("articles", Article, parse_article),
)
HAS_TOPICS = (Modality, Article)


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
            file_changed=record is not None and record.fingerprint != entry.file.fingerprint,
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
    if isinstance(entry.obj, Article):
        state["fields"].update({role: entry.people.get(role) for role in ("author", "reviewer")})
        state["parts"] = entry.parts.state()
        state["related"] = sorted(entry.related)
    if isinstance(entry.obj, HAS_TOPICS):
        state["topics"] = sorted(entry.topics)
    return state


def saved_state(obj):
    """What the database holds for obj, as file_state() describes a file."""
    state = {"fields": values(obj)}
    if isinstance(obj, Article):
        for role in ("author", "reviewer"):
            state["fields"][role] = getattr(obj, role).slug if getattr(obj, f"{role}_id") else None
        state["parts"] = _saved_parts(obj)
        state["related"] = sorted(obj.related.values_list("slug", flat=True))
    if isinstance(obj, HAS_TOPICS):
        state["topics"] = sorted(obj.topics.values_list("slug", flat=True))
    return state


def import_content(root, overwrite=False):
    """Import root/topics, root/people, root/modalities and root/articles.

    On a problem, raise ContentError and change nothing. If an object was saved
    since it was last imported or exported and its file would change it, raise
    Conflicts and change nothing, unless overwrite: then the file wins, and the
    saved version stays in the object's history.
    """
    root = Path(root)
    if not root.is_dir():
        raise ContentError(root, "is not a folder")
    records.folder_key(root)  # checked before anything is read
    groups = {model: load_folder(root, name, parse) for name, model, parse in FOLDERS}
    check_references(groups)
    report = ImportReport(counts={name: len(groups[model]) for name, model, _ in FOLDERS})

    with transaction.atomic():
        plan, conflicts = _plan(groups, report, root)
        if conflicts and not overwrite:
            raise Conflicts([conflict for _, conflict in conflicts])
        for obj, _ in conflicts:
            if not obj.history.exists():  # saved without history: keep that version now
                revisions.record(obj, reason="Before import_content --overwrite")
        report.overwritten = [conflict for _, conflict in conflicts]

        imported = _write(plan)
        for entry, obj in imported:
            _check_links(entry, obj)
        records.remember(
            [(obj, entry.file.relative, entry.file.fingerprint) for entry, obj in imported], root
        )
    return report


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
        wanted = file_state(entry)
        have = saved_state(obj) if obj is not None else {}
        changes = {aspect for aspect in wanted if wanted[aspect] != have.get(aspect)}
        plan.append((entry, obj, changes))
        if obj is None:
            report.created += 1
        elif not changes:
            report.unchanged += 1  # even if saved since: the file would change nothing
        else:
            report.updated += 1
            record = known.get((type(obj), obj.pk))
            # Saved since the last import or export, or never imported: an editor's work.
            if record is None or record.version != obj.version:
                conflicts.append((obj, Conflict.of(entry, obj, record)))
    return plan, conflicts


def _write(plan):
    """Make the database say what the files say; return [(entry, saved object)]."""
    imported = []
    for entry, obj, changes in plan:
        model = type(entry.obj)
        created = obj is None
        if created:
            obj = model(slug=entry.slug)
        # One revision per imported file, written once its parts are saved too, so the
        # revision restores the object whole (not a "Created" one without its parts).
        obj.skip_history_when_saving = True
        if "fields" in changes:
            for name, value in values(entry.obj).items():
                setattr(obj, name, value)
            if model is Article:
                people = Person.objects.in_bulk(list(entry.people.values()), field_name="slug")
                obj.author = people.get(entry.people.get("author"))
                obj.reviewer = people.get(entry.people.get("reviewer"))
            obj.save()
        if "topics" in changes:
            obj.topics.set(Topic.objects.filter(slug__in=entry.topics))
        if "parts" in changes:
            _replace_parts(obj, entry.parts)
        del obj.skip_history_when_saving
        if changes & {"fields", "parts"}:
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
