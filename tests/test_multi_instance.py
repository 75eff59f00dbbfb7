"""Two gunicorn instances, one PostgreSQL database, one Redis: an edit through
one instance is visible through the other on the very next request."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.admin_form import fields_of

ROOT = Path(__file__).resolve().parent.parent
URL = "/blog/anxious-attachment-therapy/"

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    or not os.environ.get("REDIS_URL"),
    reason="needs DATABASE_URL=postgres://... and REDIS_URL (the CI's second run sets both)",
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database():
    """A database of its own, made and dropped around the test."""
    import psycopg

    server = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = f"te_instances_{os.getpid()}"
    admin_url = server._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    yield server._replace(path=f"/{name}").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def site(database, tmp_path):
    redis = urllib.parse.urlsplit(os.environ["REDIS_URL"])._replace(path="/3").geturl()
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "multi-instance-test-" + "0123456789" * 4,
        "DATABASE_URL": database,
        "REDIS_URL": redis,
        "STATIC_ROOT": str(tmp_path / "static"),
        "WEB_CONCURRENCY": "1",
        "DJANGO_SUPERUSER_PASSWORD": "a-long-editor-password",
    }
    for command in (
        ["migrate", "--noinput"],
        ["import_content"],
        ["collectstatic", "--noinput"],
        ["createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
            capture_output=True, timeout=120,
        )  # fmt: skip
    servers, addresses = [], []
    for _ in range(2):
        port = free_port()
        servers.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "therapyexplained.wsgi"],
                cwd=ROOT, env={**env, "BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        addresses.append(f"http://127.0.0.1:{port}")
    try:
        for address in addresses:
            wait_until_up(address)
        yield addresses
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        subprocess.run(
            [sys.executable, "-c", f"import redis; redis.Redis.from_url('{redis}').flushdb()"],
            check=True,
        )


def wait_until_up(address, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(address + "/healthz", timeout=1)  # noqa: S310 (http only)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{address} did not start")


def fetch(opener, url, data=None):
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    with opener.open(url, data=body, timeout=10) as response:
        return response.status, response.read().decode()


def test_an_edit_through_one_instance_shows_through_the_other_at_once(site):
    first, second = site
    reader = urllib.request.build_opener()
    for address in site:
        assert "<h1>Anxious Attachment Therapy" in fetch(reader, address + URL)[1]

    editor = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    _, login_page = fetch(editor, first + "/admin/login/")
    fields = fields_of(login_page)
    fields.update(username="editor", password="a-long-editor-password")
    assert "Editors&#x27; desk" in fetch(editor, first + "/admin/login/?next=/admin/", fields)[1]

    _, listing = fetch(editor, first + "/admin/articles/article/?q=Anxious+Attachment+Therapy")
    change_url = re.search(r'href="(/admin/articles/article/\d+/change/)', listing).group(1)
    _, form_page = fetch(editor, first + change_url)
    fields = fields_of(form_page)
    fields["title"] = "Edited through instance one"
    status, _ = fetch(editor, first + change_url, fields)
    assert status == 200  # followed the redirect back to the list

    _, page = fetch(reader, second + URL)
    assert "<h1>Edited through instance one</h1>" in page
    _, page = fetch(reader, first + URL)
    assert "<h1>Edited through instance one</h1>" in page
