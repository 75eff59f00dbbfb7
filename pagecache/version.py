"""One number, kept in the shared cache, that changes whenever content changes.

Cached pages are stored under the version current when they were made, so a
save on any instance makes every instance's next request render afresh: no
timeouts, no key deletion. The version is the change time in milliseconds,
which also gives pages their Last-Modified.

Content also changes with no save at all, when a scheduled article's publish
time arrives; the cache keeps that time too, and the first request after it
moves the version to it, on every instance alike.
"""

import logging

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Min
from django.utils import timezone

from core.models import PublishedPage

KEY = "content-version"
NEXT_KEY = "content-next-publish"  # ms of the next scheduled publish time; 0 for none
# Models outside these apps (users, sessions, admin log) are not content.
NOT_CONTENT = {"auth", "sessions", "admin", "contenttypes"}

log = logging.getLogger(__name__)


def current():
    """The current version, or None when the cache cannot be reached."""
    stored = cache.get_many([KEY, NEXT_KEY])
    version, next_publish = stored.get(KEY), stored.get(NEXT_KEY)
    if version is None:
        cache.add(KEY, _now(), timeout=None)
        version = cache.get(KEY)
        if version is None:
            return None
    if next_publish is None or 0 < next_publish <= _now():
        # A scheduled article went live (or the time is unknown): pages rendered
        # before its publish time no longer hold.
        version = max(version, next_publish or 0)
        scheduled = _next_publish()
        if scheduled is not None:
            cache.set_many({KEY: version, NEXT_KEY: scheduled}, timeout=None)
    return version


def bump():
    """Mark all content as changed, once the surrounding transaction commits."""
    transaction.on_commit(_store_new_version)


def _store_new_version():
    values = {KEY: _now()}
    scheduled = _next_publish()
    if scheduled is not None:
        values[NEXT_KEY] = scheduled
    if cache.set_many(values, timeout=None):  # the keys it could not store
        log.warning("content version not stored: cached pages may be stale until it is")


def _next_publish():
    """When the next scheduled article goes live (ms, 0 for none); None if unknown."""
    try:
        moments = [
            model._default_manager.scheduled().aggregate(first=Min("published_at"))["first"]
            for model in apps.get_models()
            if issubclass(model, PublishedPage)
        ]
    except DatabaseError:
        return None  # asked again on the next request
    moments = [moment for moment in moments if moment]
    return int(min(moments).timestamp() * 1000) if moments else 0


def _now():
    return int(timezone.now().timestamp() * 1000)


def on_model_change(sender, **kwargs):
    if sender._meta.app_label not in NOT_CONTENT:
        bump()
