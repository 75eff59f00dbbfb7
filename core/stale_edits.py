"""A save refused because someone else saved first, and how the editor recovers.

The change form carries the version it was opened at and the history id of the
revision it showed (VersionedModelForm). A stale save is refused; the form then
shows what changed since that revision (revisions.compare, the same diff as the
revision pages), who saved and when, and offers "Apply my changes on top of
theirs": a per-field three-way merge of the revision the editor loaded (base),
the current version (theirs) and the posted form (mine):

- a field only they changed takes their value;
- a field only the editor changed keeps the editor's;
- a field both changed, differently, is a conflict: both texts are shown and the
  editor picks one, never silently. Without a known base every difference is one.

Inline rows (sources, FAQs, …) and many-to-many choices are not merged: they are
saved as the editor's form has them, and the form says so. The merge applies
against the version the editor saw in the diff: if yet another save came in
meanwhile, the editor is shown that one first.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models

from . import revisions
from .models import local_time_label

APPLY_BUTTON = ("_continue", "apply-on-top")  # _continue: the admin comes back to the form
THEIRS_VERSION = "_theirs_version"
KEEP_PREFIX = "_keep_"


@dataclass
class Conflict:
    name: str
    label: str
    theirs: str
    mine: str
    choice: str  # "", "mine" or "theirs"

    @property
    def input_name(self):
        return KEEP_PREFIX + self.name


@dataclass
class StaleEdit:
    """What the refused form shows: their save, its diff, and how applying goes."""

    version: int  # the current version, which applying builds on
    saved_by: str
    saved_at: str
    changes: list
    conflicts: list = field(default_factory=list)
    kept_as_posted: list = field(default_factory=list)


def applying(form):
    name, value = APPLY_BUTTON
    return form.data.get(name) == value


def describe(form, current, base, tree):
    """The StaleEdit for a form opened at `base` (a history record or None)."""
    later = current.history.select_related("history_user")
    if base is not None:
        later = later.filter(history_id__gt=base.history_id)
    records = list(later[:20])
    if records:
        users = list(dict.fromkeys(_name(r.history_user) for r in records))
        saved_by = " and ".join(users)
        saved_at = local_time_label(records[0].history_date)
    else:  # a part (a FAQ, a source) saved on its own bumps the version, not the history
        saved_by, saved_at = "someone", local_time_label(current.updated_at)
    changes = []
    if base is not None:
        old = revisions.snapshot(base, tree, base.history_date)
        changes = revisions.compare(old, revisions.snapshot(current, tree))
    kept = [str(f.label or name) for name, f in form.fields.items() if _many(form, name)]
    kept = [revisions.in_sentence(label) for label in kept + [spec.label for spec in tree]]
    return StaleEdit(current.version, saved_by, saved_at, changes, kept_as_posted=kept)


def merge(form, cleaned, current, base, stale):
    """Merge mine (cleaned) with theirs (current) over base, in cleaned; record conflicts.

    Returns the names of fields that took their value.
    """
    taken = []
    for f in revisions.shown_fields(type(current)):
        name = f.name
        if name not in form.fields or name not in cleaned:
            continue  # read-only for this editor, or an error of its own
        formfield, posted = form.fields[name], form[name].data
        theirs = getattr(current, f.attname)
        if not formfield.has_changed(_initial(formfield, theirs), posted):
            continue  # mine is theirs already
        mine_changed = base is None or formfield.has_changed(
            _initial(formfield, getattr(base, f.attname)), posted
        )
        theirs_changed = base is None or getattr(base, f.attname) != theirs
        if not theirs_changed:
            continue  # only I changed it: mine stays
        choice = form.data.get(KEEP_PREFIX + name, "") if mine_changed else "theirs"
        if mine_changed:
            stale.conflicts.append(
                Conflict(
                    name,
                    str(formfield.label or f.verbose_name),
                    revisions.value_text(f, theirs),
                    revisions.value_text(f, _stored(cleaned[name])),
                    choice if choice in ("mine", "theirs") else "",
                )
            )
        if choice == "theirs":
            cleaned[name] = getattr(current, name)
            taken.append(name)
    return taken


def unresolved(stale):
    return [c for c in stale.conflicts if not c.choice]


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else "someone"


def _many(form, name):
    return any(f.name == name for f in form._meta.model._meta.many_to_many)


def _initial(formfield, value):
    # As the form shows a stored value: times without the microseconds it cannot show.
    shown_without = not formfield.widget.supports_microseconds
    if isinstance(value, datetime.datetime | datetime.time) and shown_without:
        return value.replace(microsecond=0)
    return value


def _stored(value):
    return value.pk if isinstance(value, models.Model) else value
