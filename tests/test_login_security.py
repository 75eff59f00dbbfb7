"""Signing in: throttled per username and per address, failures logged, the admin's path set by
the operator."""

import datetime
import importlib
import json

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches, reverse

from core.logs import JsonFormatter
from pagecache.middleware import PublicPageCacheMiddleware
from tests.test_security import run_manage
from therapyexplained import urls
from therapyexplained.client_ip import client_ip, trusted_networks

PASSWORD = "a-long-editor-password"
CLIENT = "203.0.113.7"  # an address of its own, not a trusted proxy (those are 127.0.0.1)
WRONG_PASSWORD_ERROR = "Please enter the correct username and password"


@pytest.fixture
def staff(db):
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(client, username="editor", password=PASSWORD, address=CLIENT, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        headers=headers,
    )


def signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def fail(client, times, username="editor", address=CLIENT, **headers):
    return [sign_in(client, username, "wrong", address, **headers) for _ in range(times)]


def test_five_wrong_passwords_lock_the_username_and_the_right_one_is_refused(client, staff):
    answers = fail(client, 5)
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    assert WRONG_PASSWORD_ERROR in answers[0].content.decode()

    refused = sign_in(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    assert "no-store" in refused["Cache-Control"]
    page = refused.content.decode()
    assert "Signing in is paused" in page
    assert "try again in 15 minutes" in page
    assert "css/site.css" in page  # the site's own look
    assert not signed_in(client)


def test_the_lockout_page_does_not_tell_whether_the_username_exists(client, staff):
    existing = fail(client, 5, "editor", "203.0.113.1")[-1]
    unknown = fail(client, 5, "no-such-user", "203.0.113.2")[-1]
    assert existing.status_code == unknown.status_code == 429
    assert existing.content == unknown.content
    assert b"editor" not in existing.content


def test_a_username_stays_locked_from_any_other_address(client, staff):
    for n in range(5):
        fail(client, 1, address=f"198.51.100.{n}")
    assert sign_in(client, address="192.0.2.44").status_code == 429
    assert not signed_in(client)


def test_an_address_is_locked_whatever_usernames_it_tries(client, staff):
    for n in range(5):
        fail(client, 1, username=f"guess{n}")
    assert sign_in(client).status_code == 429
    assert sign_in(client, address="192.0.2.44").status_code == 302  # the user, elsewhere


def test_a_successful_sign_in_clears_its_own_failures(client, staff):
    fail(client, 4)
    assert sign_in(client).status_code == 302
    client.logout()
    assert [answer.status_code for answer in fail(client, 4)] == [200] * 4
    assert sign_in(client).status_code == 302


def test_signing_in_to_another_account_does_not_clear_failures_against_this_one(client, staff):
    User.objects.create_user("insider", password=PASSWORD, is_staff=True)
    fail(client, 4)  # guesses at editor's password
    assert sign_in(client, "insider").status_code == 302
    client.logout()
    assert fail(client, 1)[0].status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, staff):
    fail(client, 5)
    assert sign_in(client).status_code == 429
    sixteen_minutes_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=sixteen_minutes_ago)
    assert sign_in(client).status_code == 302


def test_attempts_while_locked_out_are_not_recorded(client, staff):
    fail(client, 5)
    row = AccessAttempt.objects.get()
    fail(client, 20)
    assert AccessAttempt.objects.get().failures_since_start == row.failures_since_start == 5
    assert AccessAttempt.objects.get().attempt_time == row.attempt_time


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_limit_is_a_setting(client, staff):
    assert [answer.status_code for answer in fail(client, 2)] == [200, 429]


@pytest.mark.parametrize(
    "username", ["a\x00b", "x" * 10_000, "<script>alert(1)</script>", "é\u202e" * 20]
)
def test_hostile_usernames_get_a_form_answer(client, staff, username):
    response = sign_in(client, username, "wrong")
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_a_very_long_username_is_counted_like_any_other(client, db):
    for n in range(4):
        assert fail(client, 1, "x" * 10_000, f"198.51.100.{n}")[0].status_code == 200
    assert fail(client, 1, "x" * 10_000, "192.0.2.44")[0].status_code == 429


# Where an attempt comes from.


def request_from(peer, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/", REMOTE_ADDR=peer, **headers)


@pytest.mark.parametrize(
    ("peer", "forwarded", "address"),
    [
        ("203.0.113.7", None, "203.0.113.7"),
        ("203.0.113.7", "198.51.100.9", "203.0.113.7"),  # not from a proxy: header ignored
        ("127.0.0.1", "198.51.100.9", "198.51.100.9"),  # from the proxy: what it appended
        ("127.0.0.1", "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # the client's own part: ignored
        ("127.0.0.1", "198.51.100.9, 127.0.0.1", "198.51.100.9"),  # two trusted hops
        ("127.0.0.1", "6.6.6.6, not-an-address", "127.0.0.1"),
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "2001:DB8::0001", "2001:db8::1"),
        ("", "198.51.100.9", "198.51.100.9"),  # a unix socket: only a local proxy connects
        ("", None, None),
    ],
)
def test_the_client_address_is_only_read_from_a_trusted_proxy(peer, forwarded, address):
    assert client_ip(request_from(peer, forwarded)) == address


def test_trusted_proxies_can_be_networks(settings):
    settings.TRUSTED_PROXIES = trusted_networks(["10.0.0.0/8"])
    assert client_ip(request_from("10.1.2.3", "198.51.100.9")) == "198.51.100.9"
    assert client_ip(request_from("127.0.0.1", "198.51.100.9")) == "127.0.0.1"
    settings.TRUSTED_PROXIES = trusted_networks(["*"])
    assert client_ip(request_from("192.0.2.1", "6.6.6.6, 198.51.100.9")) == "198.51.100.9"
    assert client_ip(request_from("192.0.2.1")) == "192.0.2.1"


def test_a_client_cannot_escape_the_lockout_by_sending_x_forwarded_for(client, staff):
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", **{"x-forwarded-for": f"6.6.6.{n}"})
    assert sign_in(client, **{"x-forwarded-for": "6.6.6.99"}).status_code == 429


def test_behind_the_proxy_each_client_is_counted_by_its_own_address(client, staff):
    for n in range(5):  # each claims another address; the proxy appends the real one
        proxied = {"x-forwarded-for": f"6.6.6.{n}, 198.51.100.9"}
        sign_in(client, f"guess{n}", "wrong", "127.0.0.1", **proxied)
    locked = {"x-forwarded-for": "198.51.100.9"}
    assert sign_in(client, address="127.0.0.1", **locked).status_code == 429
    other = {"x-forwarded-for": "198.51.100.10"}
    assert sign_in(client, address="127.0.0.1", **other).status_code == 302


# What operators read.


def login_events(caplog):
    return [
        json.loads(JsonFormatter().format(record))
        for record in caplog.records
        if record.name == "therapyexplained.logins"
    ]


def test_each_failed_sign_in_is_one_json_line_without_the_password(client, staff, caplog):
    fail(client, 4, username="x" * 150)
    fail(client, 1, address="2001:db8::7")
    events = login_events(caplog)
    assert [event["message"] for event in events] == ["login failed"] * 5, events
    assert events[0]["username"] == "x" * 64 + "…"
    assert events[0]["client_ip"] == CLIENT
    assert events[0]["level"] == "WARNING"
    assert events[-1]["username"] == "editor"
    assert events[-1]["client_ip"] == "2001:db8::7"
    assert "wrong" not in json.dumps(events)


def test_a_lockout_is_logged(client, staff, caplog):
    fail(client, 4)
    caplog.clear()
    fail(client, 1)  # the fifth failure
    sign_in(client)  # the right password, refused
    events = login_events(caplog)
    assert [(event["message"], event.get("locked_out")) for event in events] == [
        ("login locked out", None),
        ("login failed", True),
        ("login locked out", None),
        ("login failed", True),
    ]
    assert events[0]["username"] == "editor"
    assert events[0]["client_ip"] == CLIENT
    assert events[0]["cooloff_seconds"] == 900
    assert PASSWORD not in json.dumps(events)


# The admin's path.


@pytest.fixture
def admin_elsewhere(db):
    with override_settings(ADMIN_URL="staff-7f3a/"):
        importlib.reload(urls)
        clear_url_caches()
        yield "/staff-7f3a/"
    importlib.reload(urls)
    clear_url_caches()


def test_the_admin_is_served_where_admin_url_says(client, staff, admin_elsewhere):
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    response = client.get(admin_elsewhere)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{admin_elsewhere}login/")
    assert fail(client, 5, "someone", "192.0.2.9")[-1].status_code == 429
    assert sign_in(client).status_code == 302
    assert client.get(admin_elsewhere).status_code == 200


def test_robots_txt_and_the_page_cache_follow_admin_url(client, settings, admin_elsewhere):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert f"Disallow: {admin_elsewhere}" in lines
    assert "Disallow: /admin/" not in lines
    settings.PAGE_CACHE = True
    skipped = PublicPageCacheMiddleware.current
    assert skipped(RequestFactory().get(f"{admin_elsewhere}login/")) is None
    assert skipped(RequestFactory().get("/admin/login/")) is not None  # a public 404 now


@pytest.mark.parametrize("value", ["/admin/", "admin", "../admin/"])
def test_a_bad_admin_url_stops_the_site_from_starting(value):
    result = run_manage("check", env={"DEBUG": "1", "ADMIN_URL": value})
    assert result.returncode != 0
    assert "ADMIN_URL must be a relative path ending in '/'" in result.stderr
