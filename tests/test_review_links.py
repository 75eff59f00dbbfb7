"""Signed, expiring review links show a draft to a reviewer who has no account."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.core import signing
from django.test import Client
from django.utils import timezone

from articles import review_links
from articles.models import Article


@pytest.fixture
def draft(make_article):
    return make_article(slug="wip", title="Work in progress", status=Article.Status.DRAFT)


def create_link(editor, article, days="14"):
    url = f"/admin/articles/article/{article.pk}/review-link/"
    page = editor.post(url, {"days": days}).content.decode()
    article.refresh_from_db()  # the link's token, which later saves of article keep
    return re.search(r'value="http://testserver(/blog/review/[^"]+/)"', page).group(1)


def test_an_editor_creates_a_link_and_a_reviewer_without_an_account_reads_the_draft(editor, draft):
    link = create_link(editor, draft)
    reviewer = Client()
    response = reviewer.get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Work in progress</h1>" in page
    assert "Review copy: not published. Please do not share this link." in page
    assert '<meta name="robots" content="noindex">' in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert reviewer.get("/blog/wip/").status_code == 404  # the link opens only itself
    logged = LogEntry.objects.get(object_id=str(draft.pk))
    assert (logged.user.username, logged.get_change_message()) == (
        "editor",
        "Created a review link valid for 14 day(s)",
    )


def test_a_new_link_revokes_the_old_one(editor, draft):
    old = create_link(editor, draft)
    new = create_link(editor, draft)
    response = Client().get(old)
    assert response.status_code == 410
    assert "has been replaced by a newer one" in response.content.decode()
    assert Client().get(new).status_code == 200


def test_publishing_now_ends_the_link_which_then_points_to_the_page(editor, draft):
    link = create_link(editor, draft)
    draft.publish()
    response = Client().get(link)
    assert response.status_code == 410
    page = response.content.decode()
    assert "<h1>This article is now published</h1>" in page
    assert 'Read it as readers see it: <a href="/blog/wip/">Work in progress</a>' in page
    assert "no-store" in response["Cache-Control"]


def test_a_scheduled_article_keeps_its_link_until_it_is_live(editor, draft):
    link = create_link(editor, draft)
    draft.publish(timezone.now() + datetime.timedelta(days=7))
    response = Client().get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Work in progress</h1>" in page
    assert "Review copy: not published." in page
    assert "Status: Scheduled for " in page
    assert "Changed since this link was made" not in page  # scheduling changes no words
    assert '<meta name="robots" content="noindex">' in page
    assert "no-store" in response["Cache-Control"]

    # The publish time comes: the link now says so, and goes on saying so.
    Article.objects.filter(pk=draft.pk).update(published_at=timezone.now())
    response = Client().get(link)
    assert response.status_code == 410
    assert 'Read it as readers see it: <a href="/blog/wip/">' in response.content.decode()
    assert "no-store" in response["Cache-Control"]

    # Taken down again, the old link does not come back to life with the draft.
    Article.objects.get(pk=draft.pk).unpublish()
    response = Client().get(link)
    assert response.status_code == 410
    page = response.content.decode()
    assert "replaced by a newer one, or the article was unpublished" in page
    assert "Work in progress</h1>" not in page


def test_unpublishing_a_scheduled_article_ends_its_links(editor, draft):
    link = create_link(editor, draft)
    draft.publish(timezone.now() + datetime.timedelta(days=7))
    draft.unpublish()
    assert Client().get(link).status_code == 410


def test_rescheduling_a_live_article_ends_its_links(editor, draft):
    link = create_link(editor, draft)
    draft.publish()
    draft.published_at = timezone.now() + datetime.timedelta(days=1)
    draft.save()
    assert draft.is_scheduled
    assert Client().get(link).status_code == 410


def test_a_saved_draft_keeps_its_link_and_says_it_changed(editor, draft):
    link = create_link(editor, draft)
    page = Client().get(link).content.decode()
    assert "Changed since this link was made" not in page
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        draft.body = "## Rewritten\n\nNew words."
        draft.save()
    response = Client().get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "New words." in page
    assert "Changed since this link was made on " in page
    assert "GMT" in page or "BST" in page  # times name the site's zone


def test_an_expired_link_says_so(editor, draft):
    link = create_link(editor, draft, days="1")
    later = timezone.now() + datetime.timedelta(days=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = Client().get(link)
    assert response.status_code == 410
    assert "This review link has expired" in response.content.decode()


@pytest.mark.parametrize("mangle", [lambda t: t[:-3] + "abc", lambda t: "x" + t, lambda t: "junk"])
def test_a_tampered_link_is_a_404_not_a_500(editor, draft, mangle):
    token = create_link(editor, draft).split("/")[-2]
    response = Client().get(f"/blog/review/{mangle(token)}/")
    assert response.status_code == 404
    assert "This review link is not valid" in response.content.decode()


def test_a_link_for_a_deleted_article(draft):
    path, _ = review_links.create(draft)
    draft.delete()
    response = Client().get(path)
    assert response.status_code == 410
    assert "The article this link showed no longer exists." in response.content.decode()


def signed(payload):
    """A link signed with the site's own key and salt, as create() would sign it."""
    return f"/blog/review/{signing.dumps(payload, salt=review_links.SALT)}/"


@pytest.mark.parametrize(
    "payload",
    [
        {"a": "x", "t": "token", "e": 2**40},
        {"a": "1 OR 1=1", "t": "token", "e": 2**40},
        {"a": None, "t": "token", "e": 2**40},
        {"a": True, "t": "token", "e": 2**40},
        {"a": 1.0, "t": "token", "e": 2**40},
        {"a": [1], "t": "token", "e": 2**40},
        {"a": {"pk": 1}, "t": "token", "e": 2**40},
        {"a": 1, "t": ["token"], "e": 2**40},
        {"a": 1, "t": "token", "e": "tomorrow"},
        {"a": 1, "t": "token", "e": None},
        {"a": 1, "t": "token"},
        ["a", "t", "e"],
        "a",
        None,
    ],
)
def test_a_validly_signed_link_of_the_wrong_shape_is_a_404(draft, payload):
    response = Client().get(signed(payload))
    assert response.status_code == 404
    assert "This review link is not valid" in response.content.decode()


@pytest.mark.parametrize("pk", [0, -1, 999_999, 2**63, 2**70])
def test_a_validly_signed_link_to_an_article_that_never_existed(db, pk):
    response = Client().get(signed({"a": pk, "t": "token", "e": 2**40}))
    assert response.status_code == 410
    assert "The article this link showed no longer exists." in response.content.decode()


@pytest.mark.parametrize("codenames", [(), ("view_article",)])
def test_only_editors_create_links(client, draft, make_staff, codenames):
    client.force_login(make_staff("staff", *codenames))
    response = client.post(f"/admin/articles/article/{draft.pk}/review-link/", {"days": "14"})
    assert response.status_code == 403
    assert Article.objects.get(pk=draft.pk).review_token == ""
