"""Which file each object was last imported from or exported to: its fingerprint and
the object's lock version then. A version that moved since means an editor saved."""

import hashlib
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from images.models import Image

from .models import ContentFileRecord
from .reading import ContentError


def folder_key(root):
    """The folder as records name it: its full path, which must fit the record."""
    key = str(Path(root).resolve())
    limit = ContentFileRecord._meta.get_field("folder").max_length
    if len(key) > limit:
        raise ContentError(root, f"its full path is longer than {limit} characters to record")
    return key


def records_for(objects, root):
    """The records of saved objects for the folder root: {(model, pk): ContentFileRecord}."""
    found = {}
    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj.pk)
    for model, pks in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        for record in ContentFileRecord.objects.filter(
            content_type=content_type, object_id__in=pks, folder=folder_key(root)
        ):
            found[model, record.object_id] = record
    return found


def version(obj):
    """The object's lock version. An image has none (nor a history), so a number made from
    what it holds stands in: an admin save that changes the image changes the number."""
    if not isinstance(obj, Image):
        return obj.version
    held = repr([obj.alt, obj.caption, obj.credit, obj.licence, obj.focal_x, obj.focal_y])
    held += obj.file.name
    return int(hashlib.sha256(held.encode()).hexdigest()[:7], 16)


def remember(files, root, reread=True):
    """Record, for each (saved object, path relative to root, fingerprint), its version.

    reread: the version the database holds now, after every save an import made (its
    parts raise an article's version); otherwise the version of the object as given,
    the one an export wrote out, even if an editor saved it since.
    """
    versions = {(type(obj), obj.pk): version(obj) for obj, _, _ in files}
    if reread:
        for model in {model for model, _ in versions} - {Image}:  # images: as saved
            pks = [pk for kind, pk in versions if kind is model]
            saved = model._base_manager.filter(pk__in=pks).values_list("pk", "version")
            versions.update({(model, pk): version for pk, version in saved})
    now = timezone.now()
    ContentFileRecord.objects.bulk_create(
        [
            ContentFileRecord(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                folder=folder_key(root),
                path=path,
                fingerprint=fingerprint,
                version=versions[type(obj), obj.pk],
                updated_at=now,
            )
            for obj, path, fingerprint in files
        ],
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "folder"],
        update_fields=["path", "fingerprint", "version", "updated_at"],
    )


def last_change(obj):
    """Who saved obj last and when, from its history: "by editor at 14:02 on 28 Nov 2026"."""
    if not hasattr(obj, "history"):  # images keep no history
        return ""
    latest = obj.history.first()
    if latest is None:
        return ""
    moment = timezone.localtime(latest.history_date)
    who = f"by {latest.history_user} " if latest.history_user else ""
    return f"{who}at {moment:%H:%M} on {moment.day} {moment:%b %Y}"
