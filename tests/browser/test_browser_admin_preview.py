"""The admin's live preview, as an editor uses it: type, and see the body rendered."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.browser


def sign_in(visit):
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password")
    visit.goto("/admin/login/")
    page = visit.page
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_the_body_preview_follows_typing_sanitized_under_the_csp(visit):
    sign_in(visit)
    visit.goto("/admin/articles/article/add/")
    page = visit.page
    output = page.locator(".body-preview-output")
    page.locator("#id_body").fill("## Hello\n\nSome *words* here.")
    page.locator(".body-preview-output h2#hello").wait_for()
    assert output.locator("em").inner_text() == "words"

    page.locator("#id_body").press_sequentially(
        '\n\n<img src="x.png" onerror="window.hacked = 1">\n\n[[quiz]]\n'
    )
    page.locator(".body-preview-problems li").first.wait_for()
    problems = page.locator(".body-preview-problems").inner_text()
    assert "[[quiz]]" in problems
    assert "alt text" in problems
    assert output.locator("img").get_attribute("onerror") is None
    assert page.evaluate("window.hacked") is None
    assert "min read" in page.locator(".body-preview-status").inner_text()
