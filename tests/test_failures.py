"""Outages: the database or the cache goes away, and comes back."""

import json
import logging
import os
import socket
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

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
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.PAGE_CACHE = True
    yield proxy
    proxy.close()


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
    assert reader.get("/readyz").status_code == 200
    assert reader.get(URL).status_code == 200


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
