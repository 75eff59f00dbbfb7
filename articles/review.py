"""The review workflow: a writer submits a draft, an editor publishes it or returns it, a
clinical reviewer signs off. Each step is a recorded revision whose reason says which step.

The admin (actions, buttons, the review pages) calls these; permissions are its business.
"""

import datetime

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from core import revisions

from .models import Article

SUBMITTED = "Submitted for review"
RETURNED = "Returned to the writer"
SIGNED_OFF = "Clinical sign-off"
# A step's note is kept in its revision's reason, whole: "<step>: <note>".
NOTE_LENGTH = 2000
QUEUE_DAYS = 30  # clinical re-reviews due within this many days are in the queue
REVIEW_INTERVAL = datetime.timedelta(days=365)  # a sign-off's next review, when one is due


def _record(article, user, reason):
    """Save the article and write its revision with `reason` (as the admin's saves do)."""
    with transaction.atomic():
        article.skip_history_when_saving = True
        try:
            article.save()
        finally:
            del article.skip_history_when_saving
        revisions.record(article, user=user, reason=reason)


def mark_submitted(article):
    """Move a draft to "In review" (unsaved); False for any other status."""
    if article.status != Article.Status.DRAFT:
        return False
    article.status = Article.Status.IN_REVIEW
    return True


def submit_for_review(article, user):
    """Submit a draft and save it; False (and nothing saved) for any other status."""
    if not mark_submitted(article):
        return False
    _record(article, user, SUBMITTED)
    return True


def return_to_writer(article, user, note=""):
    """Send an article in review back to draft, with the editor's note; False for any other
    status."""
    if article.status != Article.Status.IN_REVIEW:
        return False
    article.status = Article.Status.DRAFT
    _record(article, user, with_note(RETURNED, note))
    return True


def last_return(article):
    """The revision that returned this draft to its writer, if that is its latest step."""
    if article.status != Article.Status.DRAFT:
        return None
    steps = Q(history_change_reason__startswith=SUBMITTED) | Q(
        history_change_reason__startswith=RETURNED
    )
    step = article.history.filter(steps).select_related("history_user").first()
    return step if step and step.history_change_reason.startswith(RETURNED) else None


def with_note(step, note):
    """A step as its revision and the admin's log name it, with the note after it."""
    return f"{step}: {note}" if note else step


def note_of(record):
    """The note in a step's revision reason ("" for none)."""
    reason = record.history_change_reason
    for step in (SIGNED_OFF, RETURNED):
        if reason.startswith(step):
            return reason.removeprefix(step).removeprefix(": ")
    return ""


def sign_off(article, person, user, note=""):
    """Name `person` as the clinical reviewer, reviewed today (the site's date).

    Status and publish time stay as they are: a sign-off never publishes. A next review
    that was due (or unset) moves a year on, so the article leaves the review queue.
    """
    today = timezone.localdate()
    article.reviewer = person
    article.reviewed_on = today
    if article.next_review_due is None or article.next_review_due <= queue_horizon():
        article.next_review_due = today + REVIEW_INTERVAL
    _record(article, user, with_note(SIGNED_OFF, note))


def sign_offs(article):
    """The article's earlier sign-offs, newest first (history records, with who and when)."""
    return article.history.filter(history_change_reason__startswith=SIGNED_OFF).select_related(
        "history_user"
    )


def queue_horizon():
    return timezone.localdate() + datetime.timedelta(days=QUEUE_DAYS)


def in_review():
    """Articles in review, oldest submission first, each with who submitted it and when."""
    submissions = Article.history.filter(
        id=OuterRef("pk"), history_change_reason__startswith=SUBMITTED
    ).order_by("-history_date")
    return (
        Article.objects.filter(status=Article.Status.IN_REVIEW)
        .select_related("author", "reviewer")
        .annotate(
            submitted_at=Subquery(submissions.values("history_date")[:1]),
            submitted_by=Subquery(submissions.values("history_user__username")[:1]),
        )
        .for_cards()
        .order_by("submitted_at", "pk")
    )


def due_for_review():
    """Articles whose clinical re-review is overdue or due within QUEUE_DAYS, soonest first."""
    return (
        Article.objects.filter(next_review_due__lte=queue_horizon())
        .select_related("reviewer")
        .for_cards()
        .order_by("next_review_due", "pk")
    )
