"""The admin's live preview, as an editor uses it: type, and see the page as readers would."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.browser


def sign_in(visit):
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password")
    visit.sign_in("editor", "a-long-password")


def test_the_preview_follows_typing_sanitized_under_the_csp(visit):
    sign_in(visit)
    visit.goto("/admin/articles/article/add/")
    page = visit.page
    page.locator("#id_title").fill("A new guide")
    page.locator("#id_body").fill("## Hello\n\nSome *words* here.")
    page.locator("#id_body").press_sequentially(
        '\n\n<img src="x.png" onerror="window.hacked = 1">\n\n[[quiz]]\n'
    )
    page.locator(".page-preview[data-state=idle]").wait_for(state="attached")
    page.get_by_role("tab", name="Preview").click()
    frame = page.frame_locator(".page-preview-frame")
    frame.locator("h2#hello").wait_for()
    assert frame.locator("h1").inner_text() == "A new guide"
    assert frame.locator(".prose em").inner_text() == "words"
    assert frame.locator(".prose img").get_attribute("onerror") is None
    problems = page.locator(".page-preview-problems").inner_text()
    assert "[[quiz]]" in problems
    assert "alt text" in problems
    assert "Summary: This field is required." in problems
    assert page.evaluate("window.hacked") is None
    assert page.frame(url="about:srcdoc").evaluate("window.hacked") is None
    assert "min read" in page.locator(".page-preview-status").inner_text()


def test_the_preview_follows_the_inlines(visit):
    sign_in(visit)
    visit.goto("/admin/articles/article/add/")
    page = visit.page
    page.locator("#id_body").fill("Cited [1].")
    page.locator(".page-preview[data-state=idle]").wait_for(state="attached")
    page.get_by_role("tab", name="Preview").click()
    problems = page.locator(".page-preview-problems")
    assert "The body cites [1] but the article lists 0 source(s)" in problems.inner_text()
    page.locator("#sources-group .add-row a").click()
    page.locator("#id_sources-0-title").fill("Patterns of attachment")
    page.locator(".page-preview[data-state=idle]").wait_for(state="attached")
    frame = page.frame_locator(".page-preview-frame")
    assert frame.locator("#source-1").inner_text() == "Patterns of attachment."
    assert "cites [1]" not in problems.inner_text()
