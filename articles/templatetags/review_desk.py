"""The review desk on the admin's home page: what waits for editors and clinical reviewers."""

from django import template

from articles import admin_review, review

register = template.Library()


@register.inclusion_tag("admin/articles/article/review_desk.html")
def review_desk(user):
    if not admin_review.may_see_queue(user):
        return {"shown": False}
    return {
        "shown": True,
        "in_review": review.in_review().count(),
        "due": review.due_for_review().count(),
        "queue_days": review.QUEUE_DAYS,
    }
