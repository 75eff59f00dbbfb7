"""Pictures dragged from the desktop onto the admin, as an editor does it: onto the article
body (a dialog asks for alt text, the marker lands at the caret, the preview shows it), onto
the lead image, onto the library's drop zone and onto its add form."""

import base64
import os
import re

import pytest
from django.contrib.auth.models import User

from articles.models import Article
from images.models import Image
from tests.images_fixtures import SVG, picture_bytes

pytestmark = pytest.mark.browser

REFERENCE = "anxious-attachment-therapy"
ALT = "Two people on a sofa, turned away from each other"
SHOTS = os.environ.get("SCREENSHOTS")  # a folder to keep screenshots in, to look at them

# Drag a file over an element and drop it, as the desktop does: the browser builds the
# DataTransfer, so the page sees exactly what a real drop gives it.
DROP = """([selector, data, name, type, events]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type }));
  const target = document.querySelector(selector);
  for (const kind of events) {
    target.dispatchEvent(
      new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: transfer })
    );
  }
}"""


def drag(page, selector, data, name, kind="image/png", events=("dragenter", "dragover", "drop")):
    page.evaluate(DROP, [selector, base64.b64encode(data).decode(), name, kind, list(events)])


def shoot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, name))


def sign_in_to_the_article(visit):
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password")
    visit.sign_in("editor", "a-long-password")
    article = Article.objects.get(slug=REFERENCE)
    visit.goto(f"/admin/articles/article/{article.pk}/change/")
    return article


@pytest.mark.parametrize(
    ("visit", "label"),
    [({"width": 1280, "height": 800}, "desktop"), ({"width": 390, "height": 844}, "phone")],
    indirect=["visit"],
)
def test_a_picture_dropped_on_the_body_is_uploaded_and_placed(visit, label):
    sign_in_to_the_article(visit)
    page = visit.page
    body = page.locator("#id_body")
    body.evaluate("area => { area.focus(); area.setSelectionRange(1e9, 1e9); }")  # the end
    photo = picture_bytes((1000, 600), fmt="PNG", dot=(800, 150, 25))

    drag(page, "#id_body", photo, "Sofa photo.png", events=["dragenter", "dragover"])
    assert page.locator(".md-pane-write.image-drop-active").count() == 1, "lit while dragged"
    drag(page, "#id_body", photo, "Sofa photo.png", events=["drop"])
    assert page.locator(".image-drop-active").count() == 0

    dialog = page.get_by_role("dialog", name="Add this picture to the library")
    dialog.wait_for()
    alt = dialog.get_by_label("Alt text (required)")
    assert page.evaluate("document.activeElement.id") == "image-drop-alt"
    assert dialog.get_by_text("Sofa photo.png").is_visible()
    page.wait_for_function("document.querySelector('.image-drop-file img').naturalWidth > 0")

    # Without alt text or licence: the server's messages beside the fields, nothing saved.
    dialog.get_by_role("button", name="Upload and insert").click()
    dialog.locator("#image-drop-alt-errors li").wait_for()
    assert dialog.locator("#image-drop-alt-errors").inner_text() == "This field is required."
    assert alt.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "image-drop-alt"
    assert not Image.objects.filter(slug="sofa-photo").exists()
    shoot(page, f"image-drop-dialog-errors-{label}.png")

    alt.fill(ALT)
    assert not dialog.locator("#image-drop-alt-errors").is_visible()
    dialog.get_by_label("Licence (required)").select_option("own-work")
    dialog.get_by_label("Credit").fill("TherapyExplained")
    shoot(page, f"image-drop-dialog-{label}.png")
    dialog.get_by_role("button", name="Upload and insert").click()
    dialog.wait_for(state="hidden")

    image = Image.objects.get(slug="sofa-photo")
    assert (image.alt, image.credit) == (ALT, "TherapyExplained")
    assert body.input_value().rstrip().endswith("\n\n[[image:sofa-photo]]")
    assert page.evaluate("document.activeElement.id") == "id_body"
    assert "placed it in the text" in page.locator(".image-drop-message").inner_text()
    page.locator(".page-preview[data-state=idle]").wait_for(state="attached")
    page.get_by_role("tab", name="Preview").click()
    figure = page.frame_locator(".page-preview-frame").locator(".prose figure").last
    figure.locator("img").wait_for()
    assert figure.locator("img").get_attribute("alt") == ALT
    assert "image" not in page.locator(".page-preview-problems").inner_text()


def test_escape_cancels_and_a_non_picture_is_refused_before_upload(visit):
    sign_in_to_the_article(visit)
    page = visit.page
    body = page.locator("#id_body")
    before, images = body.input_value(), Image.objects.count()
    drag(page, "#id_body", picture_bytes((800, 600)), "photo.jpg", kind="image/jpeg")
    dialog = page.get_by_role("dialog", name="Add this picture to the library")
    dialog.wait_for()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.id") == "id_body"

    drag(page, "#id_body", SVG, "diagram.svg", kind="image/svg+xml")
    message = page.locator(".md-pane-write .image-drop-message")
    assert "“diagram.svg” is not a JPEG, PNG, WebP, AVIF or GIF picture" in message.inner_text()
    assert not dialog.is_visible()
    drag(page, "#id_body", b"%PDF-1.7", "notes.pdf", kind="application/pdf")
    assert "“notes.pdf” is not a JPEG" in message.inner_text()
    assert body.input_value() == before and Image.objects.count() == images
    # The chooser still works beside the drop.
    page.get_by_role("button", name=re.compile("Insert image from the library")).click()
    page.get_by_role("dialog", name="Insert an image").wait_for()


def test_a_picture_dropped_on_the_lead_image_becomes_the_lead_image(visit):
    article = sign_in_to_the_article(visit)
    page = visit.page
    drag(page, ".field-lead_image", picture_bytes((1200, 800)), "Therapy room.jpg", "image/jpeg")
    dialog = page.get_by_role("dialog", name="Add this picture to the library")
    dialog.get_by_label("Alt text (required)").fill("A quiet therapy room with two chairs")
    dialog.get_by_label("Licence (required)").select_option("own-work")
    dialog.get_by_role("button", name="Upload and use as lead image").click()
    dialog.wait_for(state="hidden")
    assert page.locator("#id_lead_image").input_value() == str(
        Image.objects.get(slug="therapy-room").pk
    )
    assert "therapy-room" in page.locator(".field-lead_image .select2-selection").inner_text()
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()
    assert Article.objects.get(pk=article.pk).lead_image.slug == "therapy-room"


def test_a_picture_dropped_on_the_library_opens_its_page(visit):
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password")
    visit.sign_in("editor", "a-long-password")
    visit.goto("/admin/images/image/")
    page = visit.page
    photo = picture_bytes((900, 600))
    drag(page, ".image-drop-zone", photo, "Waiting room.png", events=["dragenter", "dragover"])
    assert page.locator(".image-drop-zone.image-drop-active").is_visible()
    shoot(page, "image-drop-library-dragging-desktop.png")
    drag(page, ".image-drop-zone", photo, "Waiting room.png", events=["drop"])
    dialog = page.get_by_role("dialog", name="Add this picture to the library")
    dialog.get_by_label("Alt text (required)").fill("An empty waiting room")
    dialog.get_by_label("Licence (required)").select_option("cc0")
    dialog.get_by_role("button", name="Add to the library").click()
    page.wait_for_url(re.compile(r"/admin/images/image/\d+/change/$"))
    page.locator(".focal-point-preview img").wait_for()
    assert Image.objects.filter(slug="waiting-room").exists()


@pytest.mark.parametrize("visit", [{"width": 390, "height": 844}], indirect=True)
def test_a_picture_dropped_on_the_add_form_fills_its_file_input(visit):
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password")
    visit.sign_in("editor", "a-long-password")
    visit.goto("/admin/images/image/add/")
    page = visit.page
    drag(page, ".field-file", picture_bytes((900, 600)), "Notebook.png")
    assert page.evaluate("document.getElementById('id_file').files[0].name") == "Notebook.png"
    page.wait_for_function("document.querySelector('.image-drop-preview').naturalWidth === 900")
    page.locator("#id_alt").fill("An open notebook beside a cup of tea")
    page.locator("#id_licence").select_option("own-work")
    shoot(page, "image-drop-add-form-phone.png")
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()
    assert Image.objects.filter(slug="notebook").exists()
