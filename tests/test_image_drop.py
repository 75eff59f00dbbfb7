"""The upload behind a picture dropped on the admin (static/js/admin_image_drop.js): the
library's own rules, answered in JSON, on both storage backends."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from images.models import Image
from tests.images_fixtures import POLYGLOT, SVG, picture_bytes, png_bomb, stored_files, upload

UPLOAD = "/admin/images/image/upload/"
ALT = "A line drawing: one partner reaching out, the other turning away"


def drop(client, data=None, name="Cycle diagram.png", **fields):
    post = {"alt": ALT, "licence": "own-work", "caption": "", "credit": "", **fields}
    post["file"] = upload(data if data is not None else picture_bytes((900, 600)), name)
    return client.post(UPLOAD, post)


@pytest.mark.usefixtures("media_backend")
def test_a_dropped_picture_joins_the_library_and_answers_its_slug(editor):
    answer = drop(editor, credit="TherapyExplained", caption="The cycle")
    assert answer.status_code == 201, answer.content
    image = Image.objects.get()
    assert answer.json() == {
        "id": image.pk,
        "slug": "cycle-diagram",
        "alt": ALT,
        "thumbnail": answer.json()["thumbnail"],
        "width": 320,
        "height": 213,
        "change_url": f"/admin/images/image/{image.pk}/change/",
    }
    assert editor.get(answer.json()["thumbnail"]).status_code == 200
    assert (image.caption, image.credit, image.licence) == (
        "The cycle",
        "TherapyExplained",
        "own-work",
    )
    assert (image.focal_x, image.focal_y) == (0.5, 0.5)
    assert LogEntry.objects.get().get_change_message() == "Added."


@pytest.mark.usefixtures("media_backend")
@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png_bomb(), "bomb.png", "too many pixels"),
        (SVG, "diagram.png", "SVG, HTML and PDF files are not accepted"),
        (POLYGLOT, "cute.gif", "not a JPEG, PNG"),
        (b"", "empty.jpg", "file is empty"),
    ],
)
def test_a_hostile_file_is_a_form_error_and_nothing_is_saved(editor, data, name, message):
    answer = drop(editor, data, name)
    assert answer.status_code == 200  # a form with errors, as the admin answers it
    errors = answer.json()["errors"]
    assert list(errors) == ["file"]
    assert message in errors["file"][0]["message"]
    assert Image.objects.count() == 0 and stored_files() == []
    assert not LogEntry.objects.exists()


def test_an_oversize_file_is_refused(editor, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 20_000
    data = picture_bytes((1600, 1200), fmt="PNG", color=(1, 2, 3), compress_level=0)
    answer = drop(editor, data, "huge.png")
    assert "images may be at most" in answer.json()["errors"]["file"][0]["message"]
    assert Image.objects.count() == 0 and stored_files() == []


def test_alt_text_and_licence_are_required(editor):
    answer = drop(editor, alt="  ", licence="")
    assert answer.status_code == 200  # a form with errors, as the admin answers it
    errors = answer.json()["errors"]
    assert errors["alt"][0]["message"] == "This field is required."
    assert errors["licence"][0]["message"] == "This field is required."
    assert Image.objects.count() == 0 and stored_files() == []


def test_a_licence_not_on_the_list_is_refused(editor):
    errors = drop(editor, licence="<script>").json()["errors"]
    assert "Select a valid choice." in errors["licence"][0]["message"]
    assert Image.objects.count() == 0


def test_adding_needs_the_add_permission(client, make_staff):
    client.force_login(make_staff("viewer", "view_image"))
    answer = drop(client)
    assert answer.status_code == 403
    assert answer.json() == {"error": "You may not add images to the library."}
    assert Image.objects.count() == 0


def test_a_writer_with_add_permission_may_drop(client, make_staff):
    client.force_login(make_staff("writer", "view_image", "add_image"))
    assert drop(client).status_code == 201


def test_signed_out_is_sent_to_sign_in(client, db):
    answer = drop(client)
    assert answer.status_code == 302 and "/admin/login/" in answer["Location"]
    assert Image.objects.count() == 0


def test_post_only(editor):
    assert editor.get(UPLOAD).status_code == 405


def test_csrf_is_checked(db, django_user_model):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(django_user_model.objects.create_superuser("ed", "ed@example.org", "pw"))
    assert drop(browser).status_code == 403
    assert Image.objects.count() == 0
    # With the token the page's form carries, as the script sends it.
    page = browser.get("/admin/images/image/")
    token = page.context["csrf_token"]
    answer = browser.post(
        UPLOAD,
        {"alt": ALT, "licence": "own-work", "file": upload(picture_bytes((900, 600)), "a.png")},
        headers={"X-CSRFToken": str(token)},
    )
    assert answer.status_code == 201


def test_the_drop_targets_carry_the_upload_settings(editor, make_article, settings):
    article = make_article()
    page = editor.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'data-image-drop="marker"' in page and 'data-image-drop="select"' in page
    assert "js/admin_image_drop.js" in page
    listing = editor.get("/admin/images/image/").content.decode()
    assert "Drop a picture here to add it to the library, or choose a file" in listing
    adding = editor.get("/admin/images/image/add/")
    config = json.loads(
        adding.context["adminform"].form["file"].field.widget.attrs["data-image-upload"]
    )
    assert config["url"] == UPLOAD
    assert config["maxBytes"] == settings.IMAGE_MAX_UPLOAD_BYTES
    assert "image/svg+xml" not in config["types"]
    assert ["own-work", "Own work (made by or for TherapyExplained)"] in config["licences"]


def test_the_library_drop_zone_is_only_for_those_who_may_add(client, make_staff):
    client.force_login(make_staff("viewer", "view_image"))
    assert "Drop a picture here" not in client.get("/admin/images/image/").content.decode()
