"""The image library as an editor uses it: upload through the admin form, click the preview
to set the focal point, save, and see the renditions."""

import importlib
import os

import pytest
from django.contrib.auth.models import Permission, User

from images.models import Image
from tests.images_fixtures import picture_bytes

pytestmark = pytest.mark.browser
ROLES = importlib.import_module("images.migrations.0002_roles")
SHOTS = os.environ.get("SCREENSHOTS")  # a folder to keep screenshots in, to look at them


def shoot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


@pytest.mark.parametrize(
    ("visit", "label"),
    [({"width": 1280, "height": 800}, "desktop"), ({"width": 390, "height": 844}, "phone")],
    indirect=["visit"],
)
def test_an_editor_uploads_an_image_and_sets_its_focal_point(visit, label, tmp_path):
    # The live server's tests empty every table, groups included: give the editor's
    # image permissions as the migration gives them to the Editor group.
    user = User.objects.create_user("ed", password="a-long-password", is_staff=True)
    wanted = ROLES.GROUPS["Editor"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=wanted))
    visit.sign_in("ed", "a-long-password")
    photo = tmp_path / "Sofa photo.png"
    photo.write_bytes(picture_bytes((1000, 600), fmt="PNG", dot=(800, 150, 25)))

    visit.goto("/admin/images/image/add/")
    page = visit.page
    page.locator("#id_file").set_input_files(str(photo))
    page.locator("#id_alt").fill("Two people on a sofa, turned away from each other")
    page.locator("#id_licence").select_option("own-work")
    page.locator("input[name=_continue]").click()
    page.locator(".focal-point-preview img").wait_for()

    # Click the red dot, at 80% across and 25% down.
    preview = page.locator(".focal-point-preview img")
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.25})
    assert float(page.locator("#id_focal_x").input_value()) == pytest.approx(0.8, abs=0.02)
    assert float(page.locator("#id_focal_y").input_value()) == pytest.approx(0.25, abs=0.02)
    marker = page.locator(".focal-point-marker").bounding_box()
    assert marker["x"] + marker["width"] / 2 == pytest.approx(box["x"] + box["width"] * 0.8, abs=3)
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()

    image = Image.objects.get(slug="sofa-photo")
    assert (image.focal_x, image.focal_y) == (
        pytest.approx(0.8, abs=0.02),
        pytest.approx(0.25, abs=0.02),
    )
    table = page.locator(".image-renditions")
    table.wait_for()
    text = table.inner_text()
    assert "AVIF" in text and "WEBP" in text and "1200 × 630" in text
    # The preview shows the image itself, from /media/, at its natural size.
    assert page.evaluate("document.querySelector('.focal-point-preview img').naturalWidth") > 0
    shoot(page, f"image-change-{label}.png")

    visit.goto("/admin/images/image/")
    thumbnail = page.locator(".image-thumbnail[src*='/sofa-photo-']")
    thumbnail.wait_for()
    assert thumbnail.evaluate("img => img.naturalWidth") == 320
    shoot(page, f"image-list-{label}.png")


@pytest.mark.parametrize("visit", [{"width": 390, "height": 844}], indirect=True)
def test_a_renamed_svg_is_a_form_error(visit, tmp_path):
    User.objects.create_superuser("ed", "ed@example.org", "a-long-password")
    visit.sign_in("ed", "a-long-password")
    fake = tmp_path / "diagram.png"
    fake.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    before = Image.objects.count()  # content/'s own
    visit.goto("/admin/images/image/add/")
    page = visit.page
    page.locator("#id_file").set_input_files(str(fake))
    page.locator("#id_alt").fill("A diagram")
    page.locator("#id_licence").select_option("own-work")
    page.locator("input[name=_save]").click()
    error = page.locator(".errorlist").first
    error.wait_for()
    assert "SVG, HTML and PDF files are not accepted" in error.inner_text()
    assert Image.objects.count() == before
    shoot(page, "image-svg-refused-phone.png")
