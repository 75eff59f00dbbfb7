"""Signed, expiring links that show a draft to a reviewer who has no account.

A link carries the article's pk, its current review token, when it was made and
an expiry time, signed with SECRET_KEY. The rules, for the reviewer and the editor:

- The link shows the article as it is now, draft or scheduled, until readers can
  see it. Scheduling does not end it: a clinician may still be reading the copy
  that goes live next week. Saving the draft does not end it either: the
  reviewer sees the current text, with a note that it changed since the link
  was made (and when); a save that only schedules is not called a change.
- Once the publish time has come, the link says the article is published and
  links to it (410: the review copy is gone for good, the page is not).
- Creating a new link, unpublishing (back to draft or in review) or taking a live
  article down again (a later publish time) replaces the token: every earlier
  link then says it was replaced, and never shows a draft again. So a link that
  has said "published" keeps saying so, or says it was withdrawn.
"""

import datetime

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

SALT = "articles.review-link"
DEFAULT_DAYS = 14


class LinkInvalid(Exception):
    def __init__(self, message, status, article=None):
        super().__init__(message)
        self.status = status
        self.article = article


class ReviewCopy:
    """An article a link shows, and when the link was made (None for links made before
    links said so)."""

    PUBLICATION = {"status", "published_at"}

    def __init__(self, article, made):
        self.article = article
        self.made = made

    @cached_property
    def changed_since_made(self):
        """Whether anything the reviewer reads was saved since; scheduling alone is not."""
        if self.made is None or self.article.updated_at <= self.made:
            return False
        history = self.article.history
        before = history.filter(history_date__lte=self.made).first()
        later = list(history.filter(history_date__gt=self.made).order_by("history_date"))
        if before is None or not later:
            return True  # a part saved on its own leaves no record of the article
        for record in later:
            changed = set(record.diff_against(before).changed_fields)
            if not changed or changed - self.PUBLICATION:
                return True  # no field changed: its parts did (or a save without changes)
            before = record
        return False


def create(article, days=DEFAULT_DAYS):
    """A new review link (path) for the article; earlier links stop working."""
    token = article.rotate_review_token()
    now = timezone.now()
    expires = now + datetime.timedelta(days=days)
    payload = {"a": article.pk, "t": token, "c": _micros(now), "e": int(expires.timestamp())}
    return reverse("articles:review", args=[signing.dumps(payload, salt=SALT)]), expires


def revokes(before, after):
    """Whether saving `after` over `before` ends the article's review links (see above)."""
    withdrawn = before.is_published and not after.is_published
    taken_down = before.is_live and not after.is_live
    return withdrawn or taken_down


def copy_for(signed, articles):
    """The ReviewCopy a link shows, or LinkInvalid saying why not."""
    invalid = LinkInvalid("This review link is not valid. Check that it was copied whole.", 404)
    try:
        payload = signing.loads(signed, salt=SALT)
        pk, token, expires = payload["a"], payload["t"], payload["e"]
        made = payload.get("c")
    except (signing.BadSignature, KeyError, TypeError, AttributeError):
        raise invalid from None
    # Signed by this site, but maybe by other code or an older version: only the shape
    # create() writes is looked up (a string id would be a database error, True would be 1).
    if not (_is_int(pk) and isinstance(token, str) and _is_int(expires)):
        raise invalid
    if made is not None and not _is_int(made):
        raise invalid
    article = articles.filter(pk=pk).first()
    if article is None:
        raise LinkInvalid("The article this link showed no longer exists.", 410)
    if not article.review_token or article.review_token != token:
        raise LinkInvalid(
            "This review link has been replaced by a newer one, or the article was "
            "unpublished. Ask the editor for a current link.",
            410,
        )
    if article.is_live:
        raise LinkInvalid(
            "This article has been published, so its review copy is no longer shown here.",
            410,
            article,
        )
    if timezone.now().timestamp() > expires:
        raise LinkInvalid("This review link has expired. Ask the editor for a new one.", 410)
    made_at = None if made is None else EPOCH + datetime.timedelta(microseconds=made)
    return ReviewCopy(article, made_at)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _micros(moment):
    """A time as whole microseconds, exactly: "changed since" compares it with saves."""
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


def _is_int(value):
    return type(value) is int  # not bool, float or str
