"""The content version, kept in the shared cache: it moves whenever content changes.

Cached pages are stored under the version current when they were made, so a
save on any instance makes every instance's next request render afresh: no
timeouts, no key deletion.

- The version is a counter, moved only by an atomic INCR, once per committed
  transaction (see bump()). Nothing ever reads it and writes it back, so no
  concurrent writer can move it backwards or lose a change. Its first value
  is the time in µs: should the key ever be lost, it restarts above every
  earlier version, so pages stored under old versions are never reused.
- Each version has a *state*, written once with add() (first writer wins,
  nothing overwrites it): when it began (µs; pages' Last-Modified) and the
  next scheduled publish time after that (µs, 0 for none). The one who moves
  the version writes it right after the INCR, reading the database after its
  own commit; a reader that finds it missing (not written yet, evicted)
  computes the same from the database, which is just as valid for that
  version since every transaction it covers committed before the INCR.
- A save while the cache is unreachable cannot move the version, and pages
  cached before the outage would outlive it (an unpublished guide would stay
  public). So a process that failed to move it, or saw the cache fail, owes a
  move, and pays it on its first successful read once the cache is back.
- Content also changes with no save, when a scheduled article's time comes.
  Pages are keyed by version and *moment*: the state's start, or its next
  publish time once that has passed. So on every instance the first request
  after the publish time renders afresh. One request (the winner of an add())
  then moves the version, so that the new state names the following
  scheduled time.
"""

import datetime
import logging
import threading
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Min
from django.utils import timezone

from core.models import PublishedPage

KEY = "content-version"
STATE_KEY = "content-state:{}"  # per version: (began µs, next publish µs or 0)
WENT_LIVE_KEY = "content-went-live:{}:{}"  # per version and publish time: who moves on
# States are tiny and written once per version; they may expire (a reader then
# makes a new one, with a new start, so pages are rendered afresh, never stale).
STATE_SECONDS = 24 * 3600
WENT_LIVE_SECONDS = 60  # should its winner fail to move the version, retry after this
# Models outside these apps (users, sessions, admin log) are not content.
NOT_CONTENT = {"auth", "sessions", "admin", "contenttypes"}

log = logging.getLogger(__name__)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Current:
    version: int
    moment: int  # µs: part of the page key, and the pages' Last-Modified


_owed = threading.Event()  # this process owes the version a move (see above)


def owe_a_move(**kwargs):
    _owed.set()


def current():
    """The current version and moment, or None when the cache cannot be reached."""
    version = cache.get(KEY)
    if version is not None and _owed.is_set():
        _owed.clear()
        _new_version()
        version = cache.get(KEY)
    if version is None:
        cache.add(KEY, _us(timezone.now()), timeout=None)
        version = cache.get(KEY)
        if version is None:
            return None
    state = _state(version)
    if state is None:
        return None
    began, upcoming = state
    if 0 < upcoming <= _us(timezone.now()):
        # A scheduled article is live: pages made before its time no longer hold.
        if cache.add(WENT_LIVE_KEY.format(version, upcoming), True, WENT_LIVE_SECONDS):
            _new_version()  # whose state names the next scheduled time
        return Current(version, upcoming)
    return Current(version, began)


def _state(version):
    key = STATE_KEY.format(version)
    state = cache.get(key)
    if state is None:
        state = _state_now()
        if state is None:
            return None  # database unreachable: serve without the cache
        cache.add(key, state, STATE_SECONDS)
        state = cache.get(key)  # whoever wrote first, every instance agrees
    return state


def _state_now():
    now = timezone.now()
    upcoming = _next_publish(after=now)
    return None if upcoming is None else (_us(now), upcoming)


def bump(using=None):
    """Mark all content as changed, once, when the surrounding transaction commits."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _new_version()  # autocommit: the change is committed already
        return
    # One callback per transaction: an import saving a hundred rows moves the
    # version once. The queued callback is remembered on the connection; it no
    # longer counts once it has run, or if a rollback (of the transaction, or of
    # the savepoint it was queued in) dropped it from the pending callbacks.
    pending = getattr(connection, "pagecache_pending_bump", None)
    if pending is not None and any(entry[1] is pending for entry in connection.run_on_commit):
        return

    def after_commit():
        connection.pagecache_pending_bump = None
        _new_version()

    connection.pagecache_pending_bump = after_commit
    transaction.on_commit(after_commit, using=using)


def _new_version():
    cache.add(KEY, _us(timezone.now()), timeout=None)
    try:
        version = cache.incr(KEY)
    except ValueError:  # the key vanished between the two calls
        version = None
    if version is None:
        log.warning("content version not moved: will move it when the cache answers again")
        owe_a_move()
        return
    state = _state_now()
    if state is not None:
        cache.add(STATE_KEY.format(version), state, STATE_SECONDS)


def _next_publish(after):
    """When the next article published after `after` goes live (µs, 0 for none).

    None when the database cannot say. Looks at every PublishedPage model, so it
    imports no app.
    """
    try:
        moments = [
            model._default_manager.filter(
                status=PublishedPage.Status.PUBLISHED, published_at__gt=after
            ).aggregate(first=Min("published_at"))["first"]
            for model in apps.get_models()
            if issubclass(model, PublishedPage)
        ]
    except DatabaseError:
        return None
    moments = [moment for moment in moments if moment]
    return _us(min(moments)) if moments else 0


def _us(moment):
    # Exact, in the database's precision: at `_us(published_at)` the article is live.
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


def on_model_change(sender, using=None, **kwargs):
    if sender._meta.app_label not in NOT_CONTENT:
        bump(using)
