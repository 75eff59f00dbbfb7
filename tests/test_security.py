"""Security headers on every response, and a deployment that checks out."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from articles.models import Article

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "s3cure-" + "k" * 20 + "-production-like-key-with-many-chars-0123456789",
    "ALLOWED_HOSTS": "therapyexplained.example",
    "CSRF_TRUSTED_ORIGINS": "https://therapyexplained.example",
    "SITE_URL": "https://therapyexplained.example",
    "HTTPS": "1",
}


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize(
    "url",
    ["/", "/blog/anxious-attachment-therapy/", "/nowhere/", "/healthz", "/static/css/site.css"],
)
def test_every_response_carries_the_security_headers(client, site_content, url):
    response = client.get(url)
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_nothing_the_policy_would_block(client, site_content):
    for url in ["/", "/blog/", "/blog/anxious-attachment-therapy/", "/treatments/", "/faq/"]:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))", html)
        assert not re.search(r"\sstyle=|\son[a-z]+=", html), url


def test_the_admin_works_under_the_policy(client, site_content):
    client.force_login(User.objects.create_superuser("ed", "ed@example.org", "pw"))
    article = Article.objects.get(slug="anxious-attachment-therapy")
    for url in [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/article/queue/",
        f"/admin/articles/article/{article.pk}/clinical-review/",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Content-Security-Policy" in response
        html = response.content.decode()
        # Inline scripts and event handlers would be blocked; the admin must have none.
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", html)
        assert not re.search(r"\son[a-z]+=\"", html), url


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # No developer's .secret_key: these tests are about the environment alone.
        env={"PATH": os.environ["PATH"], "SECRET_KEY_FILE": "/nonexistent", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deploy_check_passes_with_the_documented_production_environment(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={"ALLOWED_HOSTS": "therapyexplained.example"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "key", ["x", "short-key-0123456789", "a" * 60, "django-insecure-" + "k" * 40]
)
def test_production_refuses_to_start_with_a_weak_secret_key(key):
    result = run_manage("check", env={"SECRET_KEY": key, "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_https_settings_redirect_and_set_hsts(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/faq/").status_code == 301
    assert client.get("/healthz").status_code == 200  # probes are exempt
    response = client.get("/faq/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
