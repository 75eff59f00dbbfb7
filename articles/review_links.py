"""Signed, expiring links that show a draft to a reviewer who has no account.

A link carries the article's pk, its current review token and an expiry time,
signed with SECRET_KEY. Creating a new link or publishing the article replaces
the token, which revokes every earlier link.
"""

import datetime

from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "articles.review-link"
DEFAULT_DAYS = 14


class LinkInvalid(Exception):
    def __init__(self, message, status, article=None):
        super().__init__(message)
        self.status = status
        self.article = article


def create(article, days=DEFAULT_DAYS):
    """A new review link (path) for the article; earlier links stop working."""
    token = article.rotate_review_token()
    expires = timezone.now() + datetime.timedelta(days=days)
    signed = signing.dumps({"a": article.pk, "t": token, "e": int(expires.timestamp())}, salt=SALT)
    return reverse("articles:review", args=[signed]), expires


def article_for(signed, articles):
    """The article a link shows, or LinkInvalid saying why not."""
    invalid = LinkInvalid("This review link is not valid. Check that it was copied whole.", 404)
    try:
        payload = signing.loads(signed, salt=SALT)
        pk, token, expires = payload["a"], payload["t"], payload["e"]
    except (signing.BadSignature, KeyError, TypeError):
        raise invalid from None
    # Signed by this site, but maybe by other code or an older version: only the shape
    # create() writes is looked up (a string id would be a database error, True would be 1).
    if not (_is_int(pk) and isinstance(token, str) and _is_int(expires)):
        raise invalid
    article = articles.filter(pk=pk).first()
    if article is None:
        raise LinkInvalid("The article this link showed no longer exists.", 410)
    if not article.review_token or article.review_token != token:
        live = article if article.is_live else None
        raise LinkInvalid(
            "This review link has been replaced by a newer one, or the article has been "
            "published. Ask the editor for a current link.",
            410,
            live,
        )
    if timezone.now().timestamp() > expires:
        raise LinkInvalid("This review link has expired. Ask the editor for a new one.", 410)
    return article


def _is_int(value):
    return type(value) is int  # not bool, float or str
