"""Public pages from the shared cache, always fresh after any content save."""

import datetime
import io
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ChecklistItem, ComparisonRow
from faqs.models import FAQ
from modalities.models import Modality

URL = "/blog/anxious-attachment-therapy/"


@pytest.fixture
def page_cache(settings, site_content):
    settings.PAGE_CACHE = True


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_a_repeat_request_is_served_from_the_cache(client, page_cache):
    first, first_queries = queries_for(client, URL)
    second, second_queries = queries_for(client, URL)
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_repeat_visit_gets_304(client, page_cache):
    first = client.get(URL)
    assert first["Last-Modified"]
    assert "must-revalidate" in first["Cache-Control"]
    again = client.get(URL, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(URL, headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304


@pytest.mark.parametrize("url", ["/", "/blog/", URL, "/treatments/", "/faq/"])
def test_anonymous_pages_set_no_cookie_and_do_not_vary_on_it(client, page_cache, url):
    for _ in range(2):
        response = client.get(url)
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")


def edit_article(article):
    article.title = "A fresh title"
    article.save()


def edit_faq(article):
    faq = article.faqs.first()
    faq.question = "A fresh title?"
    faq.save()


def edit_checklist_item(article):
    item = ChecklistItem.objects.filter(checklist__article=article).first()
    item.text = "A fresh title"
    item.save()


def edit_comparison_row(article):
    row = ComparisonRow.objects.filter(article=article).first()
    row.best_for = "A fresh title"
    row.save()


def edit_modality(article):
    modality = Modality.objects.get(slug="emotionally-focused-therapy-eft")
    modality.short_name = "A fresh title"
    modality.save()


def delete_faq(article):
    FAQ.objects.filter(article=article).first().delete()
    Article.objects.filter(pk=article.pk).update(title="A fresh title")  # bypasses signals


@pytest.mark.parametrize(
    "edit",
    [edit_article, edit_faq, edit_checklist_item, edit_comparison_row, edit_modality, delete_faq],
)
def test_any_content_save_makes_the_page_fresh_at_once(
    client, page_cache, django_capture_on_commit_callbacks, edit
):
    assert "A fresh title" not in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        edit(Article.objects.get(slug="anxious-attachment-therapy"))
    assert "A fresh title" in client.get(URL).content.decode()


def test_an_import_makes_pages_fresh(client, page_cache, django_capture_on_commit_callbacks):
    client.get(URL)
    Article.objects.filter(slug="anxious-attachment-therapy").update(title="Stale")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_content", stdout=io.StringIO())
    assert "<h1>Anxious Attachment Therapy" in client.get(URL).content.decode()


def test_signed_in_staff_never_get_or_fill_the_shared_cache(client, page_cache):
    client.force_login(User.objects.create_superuser("ed", "ed@example.org", "pw"))
    _, first = queries_for(client, URL)
    _, second = queries_for(client, URL)
    assert first > 0 and second > 0


def test_errors_and_never_cache_responses_are_not_stored(client, page_cache):
    assert queries_for(client, "/blog/missing/")[1] > 0
    assert queries_for(client, "/blog/missing/")[1] > 0
    with mock.patch("therapyexplained.health._database_ok", return_value=True) as check:
        client.get("/readyz")
        client.get("/readyz")
    assert check.call_count == 2


def test_without_a_shared_cache_pages_are_rendered_each_time(client, site_content, settings):
    settings.PAGE_CACHE = False
    assert queries_for(client, URL)[1] > 0
    second = client.get(URL)
    assert queries_for(client, URL)[1] > 0
    assert client.get(URL, headers={"if-none-match": second["ETag"]}).status_code == 304


def test_a_scheduled_article_appears_on_cached_pages_when_its_time_comes(
    client, page_cache, make_article, django_capture_on_commit_callbacks
):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(slug="scheduled", title="Scheduled guide", published_at=soon)
    for url in ("/", "/blog/", "/blog/feed/rss/"):
        assert "Scheduled guide" not in client.get(url).content.decode()
    assert queries_for(client, "/blog/")[1] == 0  # served from the cache

    later = soon + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        for url in ("/", "/blog/", "/blog/feed/rss/"):
            assert "Scheduled guide" in client.get(url).content.decode(), url
        assert queries_for(client, "/blog/")[1] == 0  # and cached again


def test_parameters_the_view_does_not_read_cannot_skip_the_cache(client, page_cache):
    assert queries_for(client, "/blog/")[1] > 0
    for junk in ("utm_source=x", "x=1&y=2", "a=%00", "q=x"):
        response, queries = queries_for(client, f"/blog/?{junk}")
        assert queries == 0, junk
        assert response.status_code == 200
    assert queries_for(client, "/blog/?page=1")[1] > 0  # another page, stored once
    assert queries_for(client, "/blog/?page=1&utm_source=x")[1] == 0


def test_parameters_the_view_reads_in_another_spelling_are_never_stored(client, page_cache):
    for url in ("/blog/?page=01", "/blog/?page=1&page=2", "/search/?q=anxiety"):
        assert queries_for(client, url)[1] > 0
        assert queries_for(client, url)[1] > 0, url


def test_search_results_and_sitemap_pages_are_not_mixed_up(client, page_cache):
    assert client.get("/search/").status_code == 200  # the empty search page, stored
    assert "Search results for" in client.get("/search/?q=anxiety").content.decode()
    assert client.get("/sitemap-articles.xml").status_code == 200  # stored
    assert client.get("/sitemap-articles.xml?p=2").status_code == 404  # one page only


def test_a_made_up_session_cookie_does_not_skip_the_cache(client, page_cache):
    assert queries_for(client, URL)[1] > 0
    client.cookies["sessionid"] = "made-up"
    assert queries_for(client, URL)[1] == 0


def test_staff_get_a_signed_cookie_that_skips_the_cache_until_they_sign_out(client, page_cache):
    assert queries_for(Client(), URL)[1] > 0  # stored for readers
    user = User.objects.create_user("ed", "ed@example.org", "pw", is_staff=True)
    client.force_login(user)
    response = client.get("/admin/")
    assert "te_staff" in response.cookies  # given on the first page after signing in
    assert response.cookies["te_staff"]["httponly"]
    assert queries_for(client, URL)[1] > 0
    client.post("/admin/logout/")
    assert client.cookies["te_staff"].value == ""  # taken back on signing out

    forger = Client()
    forger.cookies["te_staff"] = "1"  # the signature is checked
    assert queries_for(forger, URL)[1] == 0


def test_signing_in_at_the_admin_gives_staff_the_cookie(client, page_cache):
    User.objects.create_user("ed", "ed@example.org", "pw", is_staff=True)
    response = client.post("/admin/login/", {"username": "ed", "password": "pw", "next": "/admin/"})
    assert response.status_code == 302
    assert "te_staff" in response.cookies
