"""One number, kept in the shared cache, that changes whenever content changes.

Cached pages are stored under the version current when they were made, so a
save on any instance makes every instance's next request render afresh: no
timeouts, no key deletion. The version is the change time in milliseconds,
which also gives pages their Last-Modified.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

KEY = "content-version"
# Models outside these apps (users, sessions, admin log) are not content.
NOT_CONTENT = {"auth", "sessions", "admin", "contenttypes"}

log = logging.getLogger(__name__)


def current():
    """The current version, or None when the cache cannot be reached."""
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, _now(), timeout=None)
        version = cache.get(KEY)
    return version


def bump():
    """Mark all content as changed, once the surrounding transaction commits."""
    transaction.on_commit(_store_new_version)


def _store_new_version():
    if not cache.set(KEY, _now(), timeout=None) and cache.get(KEY) is None:
        log.warning("content version not stored: cached pages may be stale until it is")


def _now():
    return int(time.time() * 1000)


def on_model_change(sender, **kwargs):
    if sender._meta.app_label not in NOT_CONTENT:
        bump()
