"""The content version moves once per committed transaction, atomically, and
cached pages hold only URLs their view reads.

These run on the cache the settings give: LocMemCache, or Redis when REDIS_URL
is set (the CI's second run).
"""

import datetime
import io
from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from pagecache import version as content_version

URL = "/blog/anxious-attachment-therapy/"


def current_version():
    content_version.current()  # starts it when the cache has none yet
    return cache.get(content_version.KEY)


@pytest.fixture
def cache_calls():
    """Every call made to the cache's write methods: (method, key or keys)."""
    calls = []
    backend = caches["default"]
    patches = []
    for name in ("set", "set_many", "add", "incr", "delete", "delete_many"):
        original = getattr(backend, name)

        def record(*args, _name=name, _original=original, **kwargs):
            calls.append((_name, args[0]))
            return _original(*args, **kwargs)

        patches.append(mock.patch.object(backend, name, side_effect=record))
    for patch in patches:
        patch.start()
    yield calls
    for patch in patches:
        patch.stop()


def stored_pages(calls):
    return [key for name, key in calls if name == "set" and key.startswith("page:")]


def version_writes(calls):
    """Writes that set the version to a value (rather than INCR it, or start it)."""
    return [
        (name, keys)
        for name, keys in calls
        if name in ("set", "set_many") and content_version.KEY in (keys, *keys)
    ]


@pytest.fixture
def page_cache(settings, site_content):
    settings.PAGE_CACHE = True


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


# One move per committed transaction


def test_an_import_in_one_transaction_moves_the_version_once(
    db, django_capture_on_commit_callbacks
):
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("import_content", stdout=io.StringIO())  # about a hundred rows
    assert len(callbacks) == 1
    assert cache.get(content_version.KEY) == before + 1


@pytest.mark.django_db(transaction=True)
def test_committed_transactions_and_autocommit_saves_move_it_once_each():
    before = current_version()
    call_command("import_content", stdout=io.StringIO())  # really commits
    assert cache.get(content_version.KEY) == before + 1

    article = Article.objects.get(slug="anxious-attachment-therapy")
    article.title = "Saved outside a transaction"
    article.save()  # autocommit: each statement commits, and moves it at once
    moved = cache.get(content_version.KEY)
    assert moved > before + 1

    with transaction.atomic():
        for title in ("One", "Two", "Three"):
            article.title = title
            article.save()
        assert cache.get(content_version.KEY) == moved  # not before the commit
    assert cache.get(content_version.KEY) == moved + 1


def test_a_rolled_back_savepoint_does_not_swallow_the_next_saves_move(
    site_content, django_capture_on_commit_callbacks
):
    before = current_version()
    article = Article.objects.get(slug="anxious-attachment-therapy")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                article.title = "Rolled back"
                article.save()
                raise RuntimeError
        except RuntimeError:
            pass
        article.title = "Kept"
        article.save()
        article.save()
    assert len(callbacks) == 1
    assert cache.get(content_version.KEY) == before + 1


def test_a_save_during_a_read_is_never_undone(
    client, page_cache, make_article, django_capture_on_commit_callbacks, cache_calls
):
    """A reader reads the version, a save commits, then the reader carries on.

    The old reader wrote the version back (a scheduled time had passed), moving
    it behind the save's: pages cached before the save could be served again.
    """
    soon = timezone.now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(slug="scheduled", title="Scheduled guide", published_at=soon)
    assert client.get(URL).status_code == 200  # cached before the save

    backend = caches["default"]
    real_get, real_get_many = backend.get, backend.get_many
    after_save = []

    def save_now():
        with django_capture_on_commit_callbacks(execute=True):
            article = Article.objects.get(slug="anxious-attachment-therapy")
            article.title = "Saved during a read"
            article.save()
        after_save.append(real_get(content_version.KEY))

    reading_many = []  # LocMemCache.get_many calls get: save once it has read them all

    def get(key, *args, **kwargs):
        value = real_get(key, *args, **kwargs)
        if key == content_version.KEY and not after_save and not reading_many:
            save_now()
        return value

    def get_many(keys, *args, **kwargs):
        reading_many.append(keys)
        try:
            values = real_get_many(keys, *args, **kwargs)
        finally:
            reading_many.pop()
        if content_version.KEY in keys and not after_save:
            save_now()
        return values

    later = soon + datetime.timedelta(seconds=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch.object(backend, "get", side_effect=get),
        mock.patch.object(backend, "get_many", side_effect=get_many),
    ):
        client.get("/")  # the reader: its read of the version comes before the save
        assert after_save
        assert cache.get(content_version.KEY) >= after_save[0]
        assert "<h1>Saved during a read</h1>" in client.get(URL).content.decode()
    assert version_writes(cache_calls) == []


# Scheduled articles


def test_scheduled_articles_go_live_on_cached_pages_without_a_save(
    client, page_cache, make_article, django_capture_on_commit_callbacks, cache_calls
):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    after_that = soon + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(slug="scheduled", title="First scheduled guide", published_at=soon)
        make_article(slug="scheduled-2", title="Second scheduled guide", published_at=after_that)
    before = cache.get(content_version.KEY)
    for url in ("/", "/blog/", "/blog/feed/rss/", "/sitemap-articles.xml"):
        client.get(url)
    assert queries_for(client, "/blog/")[1] == 0  # cached

    with mock.patch("django.utils.timezone.now", return_value=soon):
        for url in ("/", "/blog/", "/blog/feed/rss/"):
            page = client.get(url).content.decode()
            assert "First scheduled guide" in page, url
            assert "Second scheduled guide" not in page, url
        assert "/blog/scheduled/" in client.get("/sitemap-articles.xml").content.decode()
        assert queries_for(client, "/blog/")[1] == 0  # cached again
        first_moment = client.get("/blog/")["Last-Modified"]
    assert cache.get(content_version.KEY) == before + 1  # moved once, by INCR

    with mock.patch("django.utils.timezone.now", return_value=after_that):
        for url in ("/", "/blog/", "/blog/feed/rss/"):
            assert "Second scheduled guide" in client.get(url).content.decode(), url
        assert client.get("/blog/")["Last-Modified"] != first_moment
    assert cache.get(content_version.KEY) == before + 2
    assert version_writes(cache_calls) == []


# Only URLs a view reads


def test_parameters_a_view_does_not_read_add_no_page_to_the_cache(client, page_cache, cache_calls):
    urls = [f"/?page=junk{n}" for n in range(1, 10)] + ["/?page=2", "/?utm_source=x&x=%00"]
    for url in urls:  # the home page reads no parameter: all of these are "/"
        assert client.get(url).status_code == 200, url
    assert len(stored_pages(cache_calls)) == 1
    assert queries_for(client, "/")[1] == 0


def test_odd_spellings_of_declared_parameters_store_no_page(client, page_cache, cache_calls):
    urls = [
        "/blog/?page=01",
        "/blog/?page=last",
        "/blog/?page=",
        "/blog/?page=1&page=1",
        "/blog/?page=99",  # past the last page: a 404
        "/search/?q=therapy",  # free text is not stored (core/query_params.py says why)
        "/search/?q=therapy&page=1",
    ]
    for url in urls:
        assert client.get(url).status_code in (200, 404), url
        assert queries_for(client, url)[1] > 0, url
    assert stored_pages(cache_calls) == []


def test_a_declared_page_number_is_stored_once(
    client, page_cache, make_article, django_capture_on_commit_callbacks, cache_calls
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(11):
            make_article(slug=f"filler-{n}", title=f"Filler guide {n}")
    assert client.get("/blog/?page=2&utm_source=x").status_code == 200
    assert len(stored_pages(cache_calls)) == 1

    assert queries_for(client, "/blog/?page=2")[1] == 0
    assert queries_for(client, "/blog/?page=2&")[1] == 0  # the same query, spelt otherwise
    assert len(stored_pages(cache_calls)) == 1
    assert queries_for(client, "/topics/attachment/?page=1")[1] > 0
    assert queries_for(client, "/topics/attachment/?page=1")[1] == 0
    assert len(stored_pages(cache_calls)) == 2
