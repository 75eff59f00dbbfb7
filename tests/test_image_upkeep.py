"""Keeping the stored files true to the library: renditions reused and remade, renamed
slugs, images still placed in a text, and files no image names."""

import contextlib
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction

from images import renditions
from images.models import Image
from tests.admin_form import errors_of, form_data
from tests.images_fixtures import picture_bytes, upload

pytestmark = pytest.mark.usefixtures("media_backend")


def repair(*args):
    out = io.StringIO()
    call_command("repair_media", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def encodes(monkeypatch):
    """Counts the renditions actually encoded."""
    calls = []
    real = renditions.encode
    monkeypatch.setattr(renditions, "encode", lambda *a: calls.append(a) or real(*a))
    return calls


def test_missing_renditions_are_remade_and_stored_ones_kept(library, encodes):
    image = library(size=(700, 400))
    lost = image.renditions_of("width", "avif")[0]["name"]
    default_storage.delete(lost)
    encodes.clear()
    report = repair()
    assert "cycle: 1 missing rendition file(s)" in report
    assert "1 image(s) were repaired, 0 unnamed file(s) were removed." in report
    assert default_storage.exists(lost)
    assert len(encodes) == 1, "only the missing file is encoded again"
    assert all(default_storage.exists(name) for name in image.stored_names())


def test_a_lost_original_is_named_and_the_command_fails(library):
    image = library()
    default_storage.delete(image.file.name)
    with pytest.raises(CommandError, match="need their picture uploaded again"):
        repair()


def test_files_of_a_rolled_back_save_are_removed_once_old_enough(library):
    kept = library("kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        # As when the admin's transaction fails after the image saved its files.
        Image(file=upload(picture_bytes(), "lost.jpg"), alt="A sofa", licence="own-work").save()
        raise RuntimeError
    left = [n for n in renditions_stored() if "/lost-" in n]
    assert left, "the files were written before the rollback"
    assert "0 unnamed file(s) were removed" in repair(), "an upload in progress is spared"
    assert f"{len(left)} unnamed file(s) would be removed" in repair("--grace", "0", "--dry-run")
    repair("--grace", "0")
    assert not any(default_storage.exists(n) for n in left)
    assert all(default_storage.exists(n) for n in kept.stored_names())


def renditions_stored():
    names = []
    for folder in ("images/originals/", "images/renditions/"):
        with contextlib.suppress(FileNotFoundError):  # the filesystem's, before any file
            names += [folder + f for f in default_storage.listdir(folder)[1]]
    return names


def test_saving_the_same_picture_again_encodes_nothing_new(library, encodes):
    library("one")
    stored = sorted(renditions_stored())
    Image.objects.all().delete()  # the row goes; its files stay until the commit (never here)
    encodes.clear()
    library("one")
    assert encodes == [], "each rendition is known by its name, a hash of its pixels"
    assert sorted(renditions_stored()) == stored


def test_a_slug_with_capitals_is_kept_in_lowercase_so_markers_find_it(library, make_article):
    image = library("Cycle-Diagram")
    assert image.slug == "cycle-diagram"
    article = make_article(body="[[image:Cycle-Diagram]]\n")
    assert article.content_problems() == {}


def test_a_new_slug_renames_the_files(library, django_capture_on_commit_callbacks):
    image = library("draft-name")
    old = set(image.stored_names())
    image.slug = "final-name"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert all(os.path.basename(n).startswith("final-name-") for n in image.stored_names())
    assert all(default_storage.exists(n) for n in image.stored_names())
    assert not any(default_storage.exists(n) for n in old)


def test_an_image_placed_in_a_text_keeps_its_slug_and_cannot_be_deleted(
    editor, library, make_article
):
    image = library("cycle")
    make_article("the-guide", title="The guide", body="Text.\n\n[[ Image:cycle ]]\n")
    url = f"/admin/images/image/{image.pk}/change/"
    data = form_data(editor, url)
    data["slug"] = "renamed"
    response = editor.post(url, data)
    assert any("[[image:cycle]] is placed in article “The guide”" in e for e in errors_of(response))
    image.refresh_from_db()
    assert image.slug == "cycle"

    page = editor.get(f"/admin/images/image/{image.pk}/delete/").content.decode()
    assert "Article: The guide (places [[image:cycle]])" in page
    editor.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"})
    bulk = {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"}
    editor.post("/admin/images/image/", bulk)
    assert Image.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)


def test_an_unplaced_image_is_deleted_from_the_admin(editor, library):
    image = library("unused")
    response = editor.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()


def test_an_unnamed_file_outside_the_image_folders_is_never_touched(db):
    default_storage.save("elsewhere/keep.txt", ContentFile(b"x"))
    repair("--grace", "0")
    assert default_storage.exists("elsewhere/keep.txt")
