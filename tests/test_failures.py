"""Outages: the database or the cache goes away, and comes back."""

import json
import logging
import os
import socket
import threading
import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from articles.models import Article
from tests.tcp_proxy import TcpProxy

URL = "/blog/anxious-attachment-therapy/"


@pytest.fixture
def reader():
    # Like a browser: gets whatever the site answers, exceptions included.
    return Client(raise_request_exception=False)


def database_down():
    error = OperationalError("connection to server failed: Connection refused")
    return mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=error)


def test_database_outage_serves_cached_pages_else_a_plain_503(reader, site_content, settings):
    settings.PAGE_CACHE = True
    assert reader.get(URL).status_code == 200  # now cached
    with database_down():
        cached = reader.get(URL)
        assert cached.status_code == 200
        assert "<h1>Anxious Attachment Therapy" in cached.content.decode()

        uncached = reader.get("/faq/")
        assert uncached.status_code == 503
        page = uncached.content.decode()
        assert "The site is briefly unavailable" in page
        assert "Traceback" not in page and "OperationalError" not in page
        assert uncached["Retry-After"] == "30"
        assert uncached["Cache-Control"] == "no-store"

        ready = reader.get("/readyz")
        assert ready.status_code == 503
        assert json.loads(ready.content) == {
            "status": "unavailable",
            "database": "unreachable",
            "cache": "ok",
        }
        assert reader.get("/healthz").status_code == 200
    # It recovers by itself: no restart.
    assert reader.get("/faq/").status_code == 200
    assert reader.get("/readyz").status_code == 200


def test_other_errors_are_a_plain_500(db):
    reader = Client(raise_request_exception=False)
    with mock.patch("faqs.views.FAQIndexView.get_queryset", side_effect=ValueError("bug")):
        response = reader.get("/faq/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def redis_address():
    url = urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    return url.hostname, url.port or 6379, url.path or "/0"


def redis_reachable():
    try:
        socket.create_connection(redis_address()[:2], timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture
def redis_through_proxy(settings):
    if not redis_reachable():
        pytest.skip("no Redis server reachable at REDIS_URL or 127.0.0.1:6379")
    host, port, db_path = redis_address()
    proxy = TcpProxy(host, port)
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.redis_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{proxy.port}{db_path}",
            "KEY_PREFIX": f"te-test-{os.getpid()}",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "BACKOFF": BACKOFF,
            },
        }
    }
    settings.PAGE_CACHE = True
    yield proxy
    proxy.close()


BACKOFF = 0.3  # the tests' cache back-off (seconds)


def after_the_backoff():
    time.sleep(BACKOFF + 0.05)


def test_cache_outage_serves_from_the_database_and_recovers(
    reader, site_content, redis_through_proxy, caplog
):
    from pagecache.redis_cache import ResilientRedisCache

    ResilientRedisCache._last_warning = 0.0
    assert reader.get(URL).status_code == 200
    redis_through_proxy.cut()
    with caplog.at_level(logging.WARNING, logger="pagecache.redis_cache"):
        response = reader.get(URL)
    assert response.status_code == 200
    assert "<h1>Anxious Attachment Therapy" in response.content.decode()
    assert any("cache unavailable" in record.getMessage() for record in caplog.records)
    assert reader.get("/readyz").status_code == 503

    redis_through_proxy.restore()
    after_the_backoff()
    assert reader.get("/readyz").status_code == 200
    assert reader.get(URL).status_code == 200


def test_a_hung_cache_costs_one_timeout_per_backoff_not_three_per_request(
    reader, site_content, redis_through_proxy, settings
):
    settings.CACHES["default"]["OPTIONS"]["BACKOFF"] = 30
    assert reader.get(URL).status_code == 200
    redis_through_proxy.hang()
    started = time.monotonic()
    for _ in range(10):
        response = reader.get(URL)
        assert response.status_code == 200
        assert "<h1>Anxious Attachment Therapy" in response.content.decode()
    # One 0.5 s socket timeout for all ten; before the breaker, three for each (15 s).
    assert time.monotonic() - started < 2.5
    redis_through_proxy.restore()


def test_an_unpublish_during_a_cache_outage_reaches_cached_pages_after_it(
    reader, site_content, redis_through_proxy, django_capture_on_commit_callbacks
):
    assert reader.get(URL).status_code == 200
    assert reader.get(URL).status_code == 200  # from the cache
    redis_through_proxy.hang()
    article = Article.objects.get(slug="anxious-attachment-therapy")
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()  # the version cannot move now
    redis_through_proxy.restore()
    after_the_backoff()
    assert reader.get(URL).status_code == 404
    assert "Anxious Attachment Therapy" not in reader.get("/blog/").content.decode()


def test_unreachable_redis_from_the_start(reader, site_content, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.redis_cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.PAGE_CACHE = True
    from pagecache.redis_cache import ResilientRedisCache

    ResilientRedisCache._last_warning = 0.0
    with caplog.at_level(logging.WARNING):
        assert reader.get(URL).status_code == 200
        assert reader.get("/faq/").status_code == 200
    warnings = [r for r in caplog.records if "cache unavailable" in r.getMessage()]
    assert len(warnings) == 1  # logged, but not once per operation


def test_readyz_answers_within_its_budget_whatever_hangs(reader, db):
    def hung():
        time.sleep(4)
        return True

    with mock.patch("therapyexplained.health._database_ok", hung):
        for _ in range(2):  # the second waits on the same hung check, starts no other
            started = time.monotonic()
            ready = reader.get("/readyz")
            assert time.monotonic() - started < 2
            assert ready.status_code == 503
            assert json.loads(ready.content)["database"] == "unreachable"


@pytest.fixture
def postgres_through_proxy(settings, db):
    default = settings.DATABASES["default"]
    if default["ENGINE"] != "core.backends.postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    proxy = TcpProxy(default["HOST"] or "127.0.0.1", int(default["PORT"] or 5432))
    from django.db import connections

    alias_settings = {
        **connections["default"].settings_dict,
        "HOST": "127.0.0.1",
        "PORT": proxy.port,
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            **default["OPTIONS"],
            "connect_timeout": 2,
            "options": "-c statement_timeout=1000",
            "answer_timeout": 1.5,
            "health_check_timeout": 0.5,
            "backoff": 1.0,
        },
    }
    from core.backends.postgresql.base import DatabaseWrapper

    wrapper = DatabaseWrapper(alias_settings, alias=f"proxied-{proxy.port}")
    yield proxy, wrapper
    wrapper.close()
    proxy.close()


def seconds_to_fail(wrapper):
    started = time.monotonic()
    with pytest.raises(OperationalError), wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
    return time.monotonic() - started


def test_a_hung_database_fails_fast_and_then_not_at_all_until_it_may_be_back(
    postgres_through_proxy,
):
    proxy, wrapper = postgres_through_proxy
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
    proxy.hang()  # an open connection that never answers
    assert 1.4 < seconds_to_fail(wrapper) < 2.5  # the answer deadline, then closed
    wrapper.close()
    assert seconds_to_fail(wrapper) < 0.1  # the back-off: not asked again yet
    time.sleep(1.1)
    assert 1.9 < seconds_to_fail(wrapper) < 3  # one trial: the connect timeout
    proxy.restore()
    time.sleep(1.1)
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_while_one_connect_hangs_the_others_wait_only_a_moment(postgres_through_proxy):
    proxy, wrapper = postgres_through_proxy
    proxy.hang()
    wrapper.inc_thread_sharing()  # it connects in another thread of this process
    hanging = threading.Thread(target=lambda: seconds_to_fail(wrapper))
    hanging.start()
    time.sleep(0.2)  # inside the connect timeout (2 s)
    # Another thread of the same process (its own connection to the same alias).
    from core.backends.postgresql.base import DatabaseWrapper

    other = DatabaseWrapper(wrapper.settings_dict, alias=wrapper.alias)
    assert seconds_to_fail(other) < 0.8  # its turn to connect: 0.5 s at most
    hanging.join()
    wrapper.dec_thread_sharing()
    other.close()


def test_the_health_check_of_a_kept_connection_gives_up_quickly(postgres_through_proxy):
    proxy, wrapper = postgres_through_proxy
    wrapper.ensure_connection()
    proxy.hang()
    started = time.monotonic()
    assert not wrapper.is_usable()  # Django then drops the connection and makes a new one
    assert time.monotonic() - started < 1.0  # its own 0.5 s, not the 1.5 s answer deadline


def test_a_query_waiting_when_another_finds_the_database_failing_gives_up_too(
    postgres_through_proxy,
):
    proxy, wrapper = postgres_through_proxy
    wrapper.ensure_connection()
    proxy.hang()
    wrapper.inc_thread_sharing()  # its query waits in another thread of this process
    waited = []
    waiting = threading.Thread(target=lambda: waited.append(seconds_to_fail(wrapper)))
    waiting.start()
    time.sleep(0.3)
    wrapper.breaker.failed()  # as when another thread's health check or query gives up
    waiting.join()
    wrapper.dec_thread_sharing()
    assert waited[0] < 0.7  # not its own 1.5 s answer deadline


def test_a_slow_query_is_ended_by_the_statement_timeout(postgres_through_proxy):
    _, wrapper = postgres_through_proxy
    started = time.monotonic()
    with pytest.raises(OperationalError, match="statement timeout"), wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    assert time.monotonic() - started < 1.5
