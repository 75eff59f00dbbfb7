"""The body's "Insert image" chooser, as an editor uses it: with the keyboard, under the CSP."""

import re

import pytest
from django.contrib.auth.models import User

from articles.models import Article
from images.models import Image

pytestmark = pytest.mark.browser

REFERENCE = "anxious-attachment-therapy"


def test_an_editor_inserts_a_library_image_and_the_preview_shows_it(visit, library):
    library("cycle", alt="Two people, one reaching out, one turning away", caption="The cycle")
    library("office", alt="A therapist's office")
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password")
    visit.sign_in("editor", "a-long-password")
    article = Article.objects.get(slug=REFERENCE)
    visit.goto(f"/admin/articles/article/{article.pk}/change/")
    page = visit.page
    body = page.locator("#id_body")
    body.evaluate("area => { area.focus(); area.setSelectionRange(1e9, 1e9); }")  # the end
    page.get_by_role("button", name=re.compile("Insert image from the library")).click()
    dialog = page.get_by_role("dialog", name="Insert an image")
    dialog.get_by_text(f"{Image.objects.count()} images").wait_for()  # with content/'s
    page.keyboard.type("turning")  # the search box has the focus
    dialog.get_by_text("1 image", exact=True).wait_for()
    page.keyboard.press("Tab")  # from the search box to the first image
    focused = page.evaluate("document.activeElement.getAttribute('data-slug')")
    assert focused == "cycle"
    page.keyboard.press("Enter")
    assert not dialog.is_visible()
    assert body.input_value().rstrip().endswith("\n\n[[image:cycle]]")
    page.locator(".page-preview[data-state=idle]").wait_for(state="attached")
    page.get_by_role("tab", name="Preview").click()
    frame = page.frame_locator(".page-preview-frame")
    figure = frame.locator(".prose figure").last
    figure.locator("img").wait_for()
    assert figure.locator("img").get_attribute("alt") == (
        "Two people, one reaching out, one turning away"
    )
    assert figure.locator("figcaption").inner_text() == "The cycle"
    assert "image" not in page.locator(".page-preview-problems").inner_text()
