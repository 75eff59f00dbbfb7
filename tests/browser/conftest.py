"""A real browser (Debian's Chromium driven by Playwright) against the live test server.

One browser for all of tests/browser/ and a fresh context per test. Every test's page fails if it
logs a console error, throws, or asks any host but the live server for anything.
"""

import os
from urllib.parse import urlsplit

import pytest

from tests.tooling import missing

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
        page.on("request", lambda request: self.requests.append(request))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

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
    viewport = getattr(request, "param", None) or {"width": 1280, "height": 800}
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    context.set_default_timeout(5000)  # a local page that takes longer is a failure
    visit = Visit(context.new_page(), live_server.url)
    yield visit
    context.close()
    assert visit.foreign_requests() == [], "the page asked another host for something"
    unexpected = [e for e in visit.errors if e not in visit.expected_errors]
    assert unexpected == [], "the page logged errors"
