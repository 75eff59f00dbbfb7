"""Draft, scheduled, published: what readers see, and what staff preview."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from articles.models import Article

SOON = datetime.timedelta(hours=2)


def reader_sees(client, slug):
    """Whether the article is anywhere a reader looks: its page, the lists, related posts."""
    on_page = client.get(f"/blog/{slug}/").status_code == 200
    in_lists = [
        f'href="/blog/{slug}/"' in client.get(url).content.decode() for url in ("/", "/blog/")
    ]
    return on_page, *in_lists


@pytest.fixture
def scheduled(make_article):
    return make_article(slug="scheduled", published_at=timezone.now() + SOON)


def test_a_scheduled_article_appears_on_its_own_when_its_time_comes(client, scheduled):
    assert reader_sees(client, "scheduled") == (False, False, False)
    later = timezone.now() + SOON + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert reader_sees(client, "scheduled") == (True, True, True)


def test_a_scheduled_article_appears_in_related_posts_and_faq_when_due(
    client, make_article, scheduled
):
    host = make_article(slug="host")
    host.related.add(scheduled)
    scheduled.faqs.create(question="When?", answer="Soon.")
    assert 'href="/blog/scheduled/"' not in client.get("/blog/host/").content.decode()
    assert "When?" not in client.get("/faq/").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + 2 * SOON):
        assert 'href="/blog/scheduled/"' in client.get("/blog/host/").content.decode()
        assert "When?" in client.get("/faq/").content.decode()


def test_unpublishing_hides_it_everywhere(client, make_article):
    article = make_article(slug="going")
    assert reader_sees(client, "going") == (True, True, True)
    article.status = Article.Status.DRAFT
    article.save()
    assert reader_sees(client, "going") == (False, False, False)


def test_the_admin_list_says_scheduled_and_filters_by_state(editor, make_article, scheduled):
    make_article(slug="a-draft", title="A draft", status=Article.Status.DRAFT)
    page = editor.get("/admin/articles/article/").content.decode()
    assert '<td class="field-status_column">Scheduled for ' in page
    assert '<td class="field-status_column">Draft</td>' in page
    page = editor.get("/admin/articles/article/?state=scheduled").content.decode()
    assert "Scheduled" in page and "A draft" not in page


def test_bulk_publish_and_unpublish(editor, client, make_article):
    draft = make_article(slug="bulk-draft", status=Article.Status.DRAFT)
    later = make_article(
        slug="bulk-later", status=Article.Status.DRAFT, published_at=timezone.now() + SOON
    )
    ids = [str(draft.pk), str(later.pk)]
    response = editor.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": ids}, follow=True
    )
    assert "Published 2 article(s); 1 will appear at their scheduled time." in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.is_live and timezone.now() - draft.published_at < datetime.timedelta(minutes=1)
    assert Article.objects.get(pk=later.pk).is_scheduled
    editor.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": ids})
    assert not Article.objects.published().filter(pk__in=ids).exists()
    assert Client().get("/blog/bulk-draft/").status_code == 404


def test_bulk_publish_refuses_an_article_with_broken_links(editor, make_article):
    broken = make_article(
        slug="broken-links",
        status=Article.Status.DRAFT,
        body="See [a topic](/topics/no-such-topic/) and [a guide](/blog/nowhere/).",
    )
    response = editor.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [str(broken.pk)]},
        follow=True,
    )
    page = response.content.decode()
    assert "“Broken Links” was not published" in page
    assert "/topics/no-such-topic/, /blog/nowhere/" in page
    assert Article.objects.get(pk=broken.pk).status == Article.Status.DRAFT


def test_staff_preview_a_draft_at_its_real_url(editor, make_article):
    make_article(slug="wip", title="Work in progress", status=Article.Status.DRAFT)
    response = editor.get("/blog/wip/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft preview: readers cannot see this article yet. Status: Draft." in page
    assert '<meta name="robots" content="noindex">' in page
    cache_control = set(response["Cache-Control"].replace(" ", "").split(","))
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= cache_control


def test_staff_preview_of_a_scheduled_article_says_when(editor, scheduled):
    page = editor.get("/blog/scheduled/").content.decode()
    assert re.search(r"Status: Scheduled for \d+ \w+ \d{4}, \d\d:\d\d (GMT|BST)\.", page)


def test_others_still_get_404_for_a_draft(client, make_article):
    make_article(slug="wip", status=Article.Status.DRAFT)
    assert client.get("/blog/wip/").status_code == 404
    client.force_login(User.objects.create_user("reader"))  # signed in, not staff
    assert client.get("/blog/wip/").status_code == 404


def test_a_live_article_has_no_banner_for_staff(editor, make_article):
    make_article(slug="live")
    response = editor.get("/blog/live/")
    assert "Draft preview" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_change_form_links_to_the_preview_and_review_link(editor, make_article):
    article = make_article(slug="wip", status=Article.Status.DRAFT)
    page = editor.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert '<a href="/blog/wip/" target="_blank" rel="noopener">Preview draft</a>' in page
    assert f'href="/admin/articles/article/{article.pk}/review-link/">Review link</a>' in page
    assert f'href="/admin/articles/article/{article.pk}/history/">Revisions</a>' in page


# Who publishes: the attack from the hardening issue, and the rule on every path.


def admin_log(article):
    return list(
        LogEntry.objects.filter(object_id=str(article.pk))
        .order_by("pk")
        .values_list("user__username", "change_message")
    )


@pytest.fixture
def onlyview(client, make_staff):
    """A staff user who may only look at articles in the admin."""
    client.force_login(make_staff("onlyview", "view_article"))
    return client


def test_a_view_only_user_can_neither_publish_nor_unpublish(onlyview, make_article):
    draft = make_article(slug="secret-draft", status=Article.Status.DRAFT)
    live = make_article(slug="live-guide")
    for action, article in [("publish", draft), ("unpublish", live)]:
        response = onlyview.post(
            "/admin/articles/article/",
            {"action": action, "_selected_action": [str(article.pk)]},
            follow=True,
        )
        assert response.status_code == 200
        assert 'value="publish"' not in response.content.decode()  # not even offered
    assert Client().get("/blog/secret-draft/").status_code == 404
    assert Client().get("/blog/live-guide/").status_code == 200
    assert admin_log(draft) == admin_log(live) == []


def test_a_view_only_user_cannot_publish_through_the_form_a_restore_or_the_preview(
    onlyview, make_article
):
    article = make_article(slug="was-live")
    live_version = article.history.first()
    article.unpublish()
    change = f"/admin/articles/article/{article.pk}/change/"
    page = onlyview.get(change).content.decode()
    assert 'name="status"' not in page
    assert "Preview draft" in page and "review-link/" not in page  # a link it could not use
    data = {"title": "Taken over", "slug": "was-live", "summary": "S.", "body": "B."}
    assert onlyview.post(change, {**data, "status": "published"}).status_code == 403
    restore = f"/admin/articles/article/{article.pk}/history/{live_version.history_id}/"
    assert onlyview.get(restore).status_code == 200  # viewing the history is allowed
    assert onlyview.post(restore, {"confirm": "1"}).status_code == 403
    for preview in ("/admin/articles/article/preview/", change.replace("change/", "preview/")):
        assert onlyview.post(preview, {"body": "x"}).status_code == 403
    link = f"/admin/articles/article/{article.pk}/review-link/"
    assert onlyview.post(link, {"days": "14"}).status_code == 403
    article.refresh_from_db()
    assert (article.status, article.title, article.review_token) == ("draft", "Was Live", "")
    assert Client().get("/blog/was-live/").status_code == 404
    assert admin_log(article) == []


def test_a_publisher_publishes_and_unpublishes_and_each_is_logged(client, make_staff, make_article):
    client.force_login(make_staff("publisher", "view_article", "change_article", "publish_article"))
    draft = make_article(slug="ready", status=Article.Status.DRAFT)
    selected = {"_selected_action": [str(draft.pk)]}
    client.post("/admin/articles/article/", {"action": "publish", **selected})
    assert Client().get("/blog/ready/").status_code == 200
    client.post("/admin/articles/article/", {"action": "unpublish", **selected})
    assert Client().get("/blog/ready/").status_code == 404
    assert admin_log(draft) == [("publisher", "Published"), ("publisher", "Unpublished")]


@pytest.mark.parametrize(
    "codenames",
    [
        (),  # staff with no permission at all: 403 everywhere in the admin
        ("view_faq", "change_modality"),  # permissions for other content
    ],
)
def test_staff_who_may_not_view_articles_get_404_for_a_draft(
    client, make_staff, make_article, scheduled, codenames
):
    draft = make_article(slug="wip", status=Article.Status.DRAFT)
    client.force_login(make_staff("other-staff", *codenames))
    assert client.get("/admin/articles/article/").status_code == 403
    assert client.get(f"/admin/articles/article/{draft.pk}/change/").status_code == 403
    for slug in ("wip", "scheduled"):
        response = client.get(f"/blog/{slug}/")
        assert response.status_code == 404
        assert "Draft preview" not in response.content.decode()


@pytest.mark.parametrize("codename", ["view_article", "change_article"])
def test_staff_who_may_view_articles_in_the_admin_preview_drafts(
    client, make_staff, make_article, codename
):
    make_article(slug="wip", status=Article.Status.DRAFT)
    client.force_login(make_staff("viewer", codename))
    response = client.get("/blog/wip/")
    assert response.status_code == 200
    assert "Draft preview" in response.content.decode()


def test_the_view_permission_without_staff_status_shows_no_draft(client, make_staff, make_article):
    make_article(slug="wip", status=Article.Status.DRAFT)
    client.force_login(make_staff("not-staff", "view_article", is_staff=False))
    assert client.get("/blog/wip/").status_code == 404


# Scheduling, in the site's time zone


def test_times_are_shown_and_taken_in_the_sites_zone(editor, make_article, settings):
    assert settings.TIME_ZONE == "Europe/London"
    # 11 June 2026, 08:00 UTC is 09:00 in London (BST).
    when = datetime.datetime(2026, 6, 11, 8, 0, tzinfo=datetime.UTC)
    article = make_article(slug="zoned", published_at=when)
    page = editor.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'value="09:00:00"' in page
    assert "Times are Europe/London time" in page


def test_the_list_and_the_form_say_when_a_scheduled_article_appears(editor, make_article):
    at = timezone.make_aware(datetime.datetime(2031, 1, 15, 9, 30))  # winter: GMT
    article = make_article(slug="later-on", published_at=at)
    listing = editor.get("/admin/articles/article/").content.decode()
    assert listing.count("15 January 2031, 09:30 GMT") == 2  # status and publish time
    form = editor.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Readers see it" in form and "Scheduled for 15 January 2031, 09:30 GMT" in form


def test_the_schedule_action_asks_when_then_schedules_and_logs(editor, make_article):
    draft = make_article(slug="to-schedule", status=Article.Status.DRAFT)
    chosen = {"action": "schedule", "_selected_action": [str(draft.pk)]}
    asked = editor.post("/admin/articles/article/", chosen)
    assert asked.status_code == 200 and 'type="datetime-local"' in asked.content.decode()

    past = editor.post(
        "/admin/articles/article/", {**chosen, "apply": "1", "at": "2020-01-01T09:00"}
    )
    assert "Choose a time in the future" in past.content.decode()
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT

    done = editor.post(
        "/admin/articles/article/", {**chosen, "apply": "1", "at": "2031-07-01T10:00"}, follow=True
    )
    assert "1 article(s) scheduled for 1 July 2031, 10:00 BST." in done.content.decode()
    draft.refresh_from_db()
    assert draft.is_scheduled
    assert draft.published_at == datetime.datetime(2031, 7, 1, 9, 0, tzinfo=datetime.UTC)
    assert LogEntry.objects.filter(object_id=str(draft.pk)).first().get_change_message() == (
        "Scheduled for 1 July 2031, 10:00 BST"
    )
    assert Client().get("/blog/to-schedule/").status_code == 404  # readers wait


def test_scheduling_needs_the_publish_permission(client, make_article, make_staff):
    draft = make_article(slug="not-yours", status=Article.Status.DRAFT)
    client.force_login(make_staff("writer", "view_article", "change_article"))
    data = {"action": "schedule", "_selected_action": [str(draft.pk)], "apply": "1"}
    client.post("/admin/articles/article/", {**data, "at": "2031-07-01T10:00"})
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    listing = client.get("/admin/articles/article/").content.decode()
    assert "Schedule the selected" not in listing
