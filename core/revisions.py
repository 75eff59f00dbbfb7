"""Revisions of content with its inline children: snapshot, compare and restore.

django-simple-history keeps a record of every save of each model. A parent's
record is written after its children are saved (see admin_mixins), so the
children as they were at a parent record's history_date are that revision's
children. Restoring brings the parent's fields and those children back.
"""

import datetime
import difflib
from dataclasses import dataclass, field

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from .models import local_time_label

SKIPPED_FIELDS = {"id", "updated_at", "version", "review_token"}


@dataclass(frozen=True)
class Children:
    """Child rows of a parent that a revision covers; fk names the field pointing at it."""

    model: type
    fk: str
    children: tuple = ()

    @property
    def label(self):
        return capfirst(str(self.model._meta.verbose_name_plural))


class RestoreError(Exception):
    """A revision cannot be restored as it is; the message says why, for the editor."""


@dataclass
class Change:
    label: str
    lines: list = field(default_factory=list)  # (sign, text): "-" only old, "+" only new


def shown_fields(model, skip=()):
    """The fields a revision keeps and an editor can change."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and f.name not in SKIPPED_FIELDS and f.name not in skip
    ]


def _value_text(obj, f):
    return value_text(f, getattr(obj, f.attname))


def value_text(f, value):
    """A field's value (as stored: a pk for a relation) as an editor reads it."""
    if value is None or value == "":
        return "—"
    if f.is_relation:
        target = f.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else f"(deleted #{value})"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _child_line(obj, spec):
    # One line per row: a multi-line answer is folded onto it.
    fields = shown_fields(spec.model, skip={spec.fk})
    return " | ".join(" ".join(_value_text(obj, f).split()) for f in fields)


def children_at(spec, parent_ids, moment):
    """Historical records of spec's rows that existed at moment (None: the live rows)."""
    filters = {f"{spec.fk}_id__in": list(parent_ids)}
    if moment is None:
        return list(spec.model._default_manager.filter(**filters))
    records = spec.model.history.filter(**filters, history_date__lte=moment).latest_of_each()
    return sorted(
        (r for r in records if r.history_type != "-"),
        key=lambda r: (getattr(r, "order", 0), r.id),
    )


def snapshot(obj, tree, moment=None):
    """A readable view of one revision: (field label, text) pairs, then each child group."""
    model = getattr(obj, "instance_type", type(obj))  # a historical record's live model
    parts = [(str(f.verbose_name).capitalize(), _value_text(obj, f)) for f in shown_fields(model)]
    _add_children(parts, tree, [obj.id], moment, prefix="")
    return parts


def _add_children(parts, tree, parent_ids, moment, prefix):
    for spec in tree:
        rows = children_at(spec, parent_ids, moment)
        parts.append((prefix + spec.label, "\n".join(_child_line(r, spec) for r in rows) or "—"))
        _add_children(parts, spec.children, [r.id for r in rows], moment, prefix=f"{spec.label}: ")


def in_sentence(label):
    """ "Title" -> "title", as in a sentence; "FAQs" stays as it is."""
    return ": ".join(
        part[:1].lower() + part[1:] if part[1:2].islower() else part for part in label.split(": ")
    )


def compare(old, new):
    """The differences between two snapshots, as line diffs per field."""
    changes = []
    for (label, before), (_, after) in zip(old, new, strict=True):
        if before == after:
            continue
        lines = []
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=1, lineterm=""):
            if line.startswith(("---", "+++")):
                continue
            lines.append(("…", "") if line.startswith("@@") else (line[:1], line[1:]))
        changes.append(Change(label=label, lines=lines))
    return changes


def record(obj, user=None, reason="", created=False):
    """Write the parent's history record now, after its children were saved.

    The reason is cut to what the history table holds (100 characters unless the model
    keeps longer ones, as articles do for review notes)."""
    history = type(obj).history
    limit = history.model._meta.get_field("history_change_reason").max_length
    history.bulk_history_create(
        [obj], update=not created, default_user=user, default_change_reason=reason[:limit]
    )


def restore(obj, historical, tree, user=None):
    """Make obj and its children as they were in the given historical record."""
    moment = historical.history_date
    check_restorable(obj, historical, tree, moment)
    with transaction.atomic():
        for f in shown_fields(obj):
            setattr(obj, f.attname, getattr(historical, f.attname))
        obj.skip_history_when_saving = True
        try:
            obj.save()
        finally:
            del obj.skip_history_when_saving
        _restore_children(tree, [obj.id], moment)
        _check_content(obj)
        record(obj, user=user, reason=f"Restored the version of {local_time_label(moment)}")


def _check_content(obj):
    """The restored version passes today's checks (a page it links to may be gone since)."""
    parts = list(getattr(obj, "text_parts", list)())
    problems = [m for p in (obj, *parts) for ms in p.content_problems().values() for m in ms]
    if problems:
        raise RestoreError(" ".join(problems))  # rolls the restore back


def _restore_children(tree, parent_ids, moment):
    for spec in tree:
        wanted = children_at(spec, parent_ids, moment)
        wanted_ids = {r.id for r in wanted}
        # Rows with no history at all predate history keeping: nothing is known to undo.
        known = spec.model.history.values("id")
        spec.model._default_manager.filter(**{f"{spec.fk}_id__in": parent_ids}).exclude(
            pk__in=wanted_ids
        ).filter(pk__in=known).delete()
        for historical in wanted:
            historical.instance.save()
        _restore_children(spec.children, wanted_ids, moment)


def visible_in(historical):
    """Whether readers would see a page as this version has it (status and publish time)."""
    if not hasattr(historical, "status"):
        return True
    return historical.status == "published" and historical.published_at <= timezone.now()


def changes_visibility(obj, historical):
    return hasattr(obj, "status") and visible_in(historical) != obj.is_visible()


def changes_publication(obj, historical):
    """Whether restoring publishes, unpublishes or reschedules: the publisher's call, as on
    the form (a draft restored as scheduled would go live on its own later). Between draft
    and in review readers see no difference, so that is not one."""
    if not hasattr(obj, "status"):
        return False
    published = historical.status == "published"
    if published != obj.is_published:
        return True
    return published and historical.published_at != obj.published_at


def restore_consequences(obj, historical):
    """What restoring would change for readers (unpublish or move a live page), in words."""
    found = []
    if changes_visibility(obj, historical) and obj.is_visible():
        what = "a draft" if historical.status != "published" else "scheduled for later"
        found.append(
            f"this version is {what}: restoring it takes the live page down, and readers "
            "get a “not found” page."
        )
    old_slug = getattr(historical, "slug", obj.slug)
    if getattr(obj, "is_visible", lambda: False)() and old_slug != obj.slug:
        found.append(
            f"this version's address ends in “{old_slug}/”: restoring it moves the live page, "
            "and its current address will redirect there."
        )
    return found


def restore_summary(obj, historical, tree):
    """What restoring would change, in words for the confirmation page: the status, the
    address, the fields and, per kind of part, rows added back, removed or changed."""
    lines = []
    if hasattr(obj, "status"):
        now, then = _status_text(obj), _status_text(historical)
        if now != then:
            lines.append(f"Status: {now} → {then}")
    if hasattr(obj, "url_name") and historical.slug != obj.slug:
        old, new = obj.path, reverse(obj.url_name, args=[historical.slug])
        moved = f"Address: {old} → {new}"
        if obj.is_visible():
            moved += f" (a redirect will be made from {old})"
        lines.append(moved)
    fields = [
        str(f.verbose_name)
        for f in shown_fields(type(obj))
        if getattr(obj, f.attname) != getattr(historical, f.attname)
    ]
    if fields:
        lines.append(f"Fields changed: {', '.join(fields)}")
    parts = _parts_summary(tree, [obj.id], [obj.id], historical.history_date)
    if parts:
        lines.append(f"Parts: {', '.join(parts)}")
    return lines


def _status_text(version):
    if version.status == "published" and version.published_at > timezone.now():
        return f"Scheduled for {local_time_label(version.published_at)}"
    return version.get_status_display()


def _parts_summary(tree, live_parents, then_parents, moment):
    """Per kind of part: "2 sources removed", "1 FAQ added back", "checklist items changed"."""
    found = []
    for spec in tree:
        live = children_at(spec, live_parents, None)
        wanted = children_at(spec, then_parents, moment)
        live_by_id = {row.id: row for row in live}
        wanted_by_id = {row.id: row for row in wanted}
        known = set(spec.model.history.filter(id__in=live_by_id).values_list("id", flat=True))
        added = len(wanted_by_id.keys() - live_by_id.keys())
        removed = len((live_by_id.keys() - wanted_by_id.keys()) & known)
        changed = any(
            _child_line(live_by_id[i], spec) != _child_line(wanted_by_id[i], spec)
            for i in live_by_id.keys() & wanted_by_id.keys()
        )
        meta = spec.model._meta
        for count, what in ((added, "added back"), (removed, "removed")):
            if count:
                noun = meta.verbose_name if count == 1 else meta.verbose_name_plural
                found.append(f"{count} {noun} {what}")
        if changed:
            found.append(f"{meta.verbose_name_plural} changed")
        found += _parts_summary(spec.children, list(live_by_id), list(wanted_by_id), moment)
    return found


def check_restorable(obj, historical, tree, moment=None):
    """Refuse, before changing anything, what the database would refuse halfway."""
    moment = moment or historical.history_date
    model = type(obj)
    for f in model._meta.concrete_fields:
        if f.unique and f.editable and f.name not in SKIPPED_FIELDS:
            value = getattr(historical, f.attname)
            if model._default_manager.filter(**{f.attname: value}).exclude(pk=obj.pk).exists():
                raise RestoreError(
                    f"Another {model._meta.verbose_name} now uses the {f.verbose_name} “{value}”."
                )
    _check_related_exist(model, [historical])
    parent_ids = [obj.id]
    for spec in tree:
        rows = children_at(spec, parent_ids, moment)
        _check_related_exist(spec.model, rows, skip={spec.fk})


def _check_related_exist(model, records, skip=()):
    for f in model._meta.concrete_fields:
        if not f.is_relation or f.name in skip or f.remote_field.on_delete is models.CASCADE:
            continue
        ids = {getattr(r, f.attname) for r in records} - {None}
        present = set(
            f.related_model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
        )
        if missing := ids - present:
            raise RestoreError(
                f"This version refers to a {f.related_model._meta.verbose_name} that has been "
                f"deleted (#{', #'.join(map(str, sorted(missing)))})."
            )
