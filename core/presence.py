"""Who else has a page open in the admin: a note on the change form, kept by a heartbeat.

Each open change form is a row (user, page, browser tab) in the database, so every
gunicorn worker sees it, with SQLite and without Redis. static/js/admin_presence.js
renews the row every HEARTBEAT_SECONDS while the tab is visible and removes it
when the tab is left; a row not renewed for EXPIRY is ignored and then deleted.
Presence is a courtesy: when the database refuses the write (read-only) or is
too slow, the form shows no note rather than an error.
"""

import datetime
import logging
import re
import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from .models import Presence

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30
EXPIRY = datetime.timedelta(minutes=2)


def new_tab():
    return secrets.token_urlsafe(12)


def valid_tab(tab):
    return bool(re.fullmatch(r"[A-Za-z0-9_-]{8,32}", tab or ""))


def beat(user, obj, tab):
    """Record that user has obj open in tab; the note about everyone else, for them."""
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a refused write leaves the request's intact
            key = _key(obj)
            Presence.objects.filter(seen_at__lt=now - EXPIRY).delete()  # any page's: no pile-up
            rows = Presence.objects.filter(**key)
            Presence.objects.update_or_create(
                **key,
                user=user,
                tab=tab,
                defaults={"seen_at": now},
                create_defaults={"opened_at": now, "seen_at": now},
            )
            others = list(
                rows.exclude(user=user, tab=tab)
                .select_related("user")
                .prefetch_related("user__groups")
                .order_by("opened_at")
            )
    except DatabaseError:
        log.warning("presence not recorded", exc_info=True)
        return ""
    return note(user, others)


def leave(user, obj, tab):
    try:
        with transaction.atomic():
            Presence.objects.filter(**_key(obj), user=user, tab=tab).delete()
    except DatabaseError:
        log.warning("presence not removed", exc_info=True)


def note(user, others):
    """ "Sam Jones (editor) has had this open since 10:42 GMT." and the like."""
    sentences = []
    seen = set()
    for row in others:  # the earliest first: one sentence per person
        if row.user_id in seen:
            continue
        seen.add(row.user_id)
        since = date_format(timezone.localtime(row.opened_at), "H:i T")
        if row.user_id == user.pk:
            sentences.append(f"You also have this open in another tab (since {since}).")
            continue
        name = row.user.get_full_name() or row.user.get_username()
        roles = ", ".join(group.name.lower() for group in row.user.groups.all())
        who = f"{name} ({roles})" if roles else name
        sentences.append(f"{who} has had this open since {since}.")
    return " ".join(sentences)


def _key(obj):
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}
