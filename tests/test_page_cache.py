"""Public pages from the shared cache, always fresh after any content save."""

import datetime
import io
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
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


def test_urls_with_unknown_parameters_are_not_stored(client, page_cache):
    assert queries_for(client, "/blog/?utm_source=x")[1] > 0
    assert queries_for(client, "/blog/?utm_source=x")[1] > 0
    assert queries_for(client, "/blog/?page=1")[1] > 0
    assert queries_for(client, "/blog/?page=1")[1] == 0
