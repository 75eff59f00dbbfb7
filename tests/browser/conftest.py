"""A real browser (Debian's Chromium driven by Playwright) against the live test server.

One browser for all of tests/browser/ and a fresh context per test. Every test's page fails if it
logs a console error, throws, or asks any host but the live server for anything.
"""

import os
import threading
from urllib.parse import urlsplit

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

from tests.tooling import missing


class SerialWSGIServer(WSGIServer):
    """The live server, answering one request at a time, while the test's own queries wait.

    The server shares the test's one in-memory SQLite connection, so two requests at once
    (a preview or a presence beat beside a save), or a test's query beside a request, would
    share one transaction: a preview's rollback could undo a save. Real deployments give
    each thread its own connection. Django closes each connection here (no keep-alive).
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with ANSWERING:
            super().process_request(request, client_address)


ANSWERING = threading.Lock()


def after_the_server(execute, sql, params, many, context):
    """The test thread's queries wait for the request the server is answering."""
    if threading.current_thread() is threading.main_thread():
        with ANSWERING:
            return execute(sql, params, many, context)
    return execute(sql, params, many, context)


LiveServerThread.server_class = SerialWSGIServer

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="package")
def browser():
    if not os.path.exists(CHROMIUM):
        missing(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("browser tests need playwright (pip install -r requirements-dev.txt)")
    # Playwright's sync API keeps an event loop on the test thread while it runs, and
    # Django refuses database queries beside a running loop unless told it is safe here.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class Visit:
    """What one page did: every request it made, its console errors and uncaught errors."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.requests = []
        self.errors = []
        self.expected_errors = []
        self.pending = set()
        page.on("request", self._request)
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _request(self, request):
        self.requests.append(request)
        self.pending.add(request)

    def sign_in(self, username, password):
        """Sign in through the admin's own login form."""
        self.goto("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("input[type=submit]")
        self.page.wait_for_url("**/admin/")

    def leave(self):
        """Leave the page, then wait until the server has answered all it sent (a preview, a
        presence beacon): nothing may reach the server once the test's database is gone."""
        # A goodbye sent as the page goes (presence's beacon) would start after the last
        # request below, and reach a server whose test is over: it is not under test here.
        if self.page.url.startswith(self.base_url):
            self.page.evaluate("navigator.sendBeacon = () => true")
        self.page.goto("about:blank")
        for _ in range(100):
            if not self.pending:
                break
            self.page.wait_for_timeout(50)
        # The server answers in the order it accepted connections, so once this answer
        # is back, any request the browser gave up on but had sent has been answered too.
        self.page.request.get(self.base_url + "/static/img/favicon.svg")

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def goto(self, path, status=200):
        response = self.page.goto(self.base_url + path)
        assert response.status == status, f"{path} answered {response.status}"
        if status >= 400:
            # Chromium logs a failed document load as a console error; that one is expected.
            self.expected_errors.append(
                f"console: Failed to load resource: the server responded with a status of "
                f"{status} (Not Found) ({self.base_url + path})"
            )
        return response

    def foreign_requests(self):
        host = urlsplit(self.base_url).netloc
        return [r.url for r in self.requests if urlsplit(r.url).netloc != host]


@pytest.fixture
def visit(browser, live_server, site_content, request):
    """A fresh browser context on the live server with the site's content imported."""
    viewport = dict(getattr(request, "param", None) or {"width": 1280, "height": 800})
    scale = viewport.pop("device_scale_factor", 1)
    context = browser.new_context(
        viewport=viewport, device_scale_factor=scale, base_url=live_server.url
    )
    context.set_default_timeout(5000)  # a local page that takes longer is a failure
    visit = Visit(context.new_page(), live_server.url)
    with connection.execute_wrapper(after_the_server):
        yield visit
        visit.leave()
    context.close()
    assert visit.foreign_requests() == [], "the page asked another host for something"
    unexpected = [e for e in visit.errors if e not in visit.expected_errors]
    assert unexpected == [], "the page logged errors"
