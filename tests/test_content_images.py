"""Content files carry the image library: each picture beside its metadata file, and
articles and people name theirs by slug."""

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from articles.models import Article
from images.models import Image
from modalities.models import Modality
from people.models import Person
from tests.images_fixtures import picture_bytes
from tests.test_images import SVG, png_bomb
from tests.test_import import ARTICLE, MODALITY, write

CYCLE = """\
---
file: cycle.png
alt: Two arrows chasing each other in a circle
caption: The pursue–withdraw cycle
credit: TherapyExplained
licence: own-work
focal_x: 0.3
---
"""


def run(command, root, *args):
    out = io.StringIO()
    call_command(command, str(root), *args, stdout=out)
    return out.getvalue()


def stored_names():
    return sorted(n for i in Image.objects.all() for n in i.stored_names())


@pytest.fixture
def folder(tmp_path, db, django_capture_on_commit_callbacks):
    """A content folder with one image, a person whose photo it is, and an article it leads."""
    root = tmp_path / "content"
    write(root, "images/cycle.md", CYCLE)
    (root / "images/cycle.png").write_bytes(picture_bytes((640, 400), "PNG", dot=(100, 100, 20)))
    write(root, "people/jane.md", "---\nname: Jane\nphoto: cycle\n---\nBio.\n")
    write(root, "modalities/eft.md", MODALITY)
    write(
        root,
        "articles/guide.md",
        ARTICLE.replace("title: A guide", "title: A guide\nlead_image: cycle"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        run("import_content", root)
    return root


def test_an_imported_image_is_in_the_library_with_renditions(folder):
    image = Image.objects.get(slug="cycle")
    assert (image.alt, image.caption, image.licence) == (
        "Two arrows chasing each other in a circle",
        "The pursue–withdraw cycle",
        "own-work",
    )
    assert (image.focal_x, image.focal_y, image.width, image.height) == (0.3, 0.5, 640, 400)
    assert image.renditions_of("width", "avif") and image.share
    assert Article.objects.get(slug="guide").lead_image == image
    assert Person.objects.get(slug="jane").photo == image


def test_a_body_may_place_an_image_of_the_same_import(
    tmp_path, db, client, django_capture_on_commit_callbacks
):
    """On an empty library the image is written in the same import as the article."""
    write(tmp_path, "images/cycle.md", CYCLE)
    (tmp_path / "images/cycle.png").write_bytes(picture_bytes((640, 400), "PNG"))
    write(tmp_path, "modalities/eft.md", MODALITY)
    write(
        tmp_path,
        "articles/guide.md",
        ARTICLE.replace("## Options", "[[image:cycle]]\n\n## Options"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert "3 created" in run("import_content", tmp_path)
    page = client.get("/blog/guide/").content.decode()
    assert '<figcaption>The pursue–withdraw cycle <small class="credit">' in page
    assert 'alt="Two arrows chasing each other in a circle"' in page


def test_a_body_placing_an_image_in_neither_the_import_nor_the_library_is_refused(folder):
    write(folder, "articles/guide.md", ARTICLE.replace("## Options", "[[image:nowhere]]"))
    with pytest.raises(CommandError, match='no image "nowhere" in the library'):
        run("import_content", folder)


def test_importing_twice_changes_nothing_and_re_encodes_nothing(folder):
    names = stored_names()
    assert "0 created, 0 updated, 4 unchanged, 0 conflicts." in run("import_content", folder)
    assert stored_names() == names


def test_a_new_caption_updates_the_image_without_re_encoding_it(folder):
    names = stored_names()
    write(folder, "images/cycle.md", CYCLE.replace("The pursue", "Again, the pursue"))
    assert "1 updated" in run("import_content", folder)
    assert Image.objects.get().caption == "Again, the pursue–withdraw cycle"
    assert stored_names() == names


def test_a_new_picture_is_re_encoded(folder, django_capture_on_commit_callbacks):
    old = Image.objects.get().file.name
    (folder / "images/cycle.png").write_bytes(picture_bytes((900, 500), "PNG"))
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 updated" in run("import_content", folder)
    image = Image.objects.get()
    assert (image.width, image.file.name != old) == (900, True)
    assert not default_storage.exists(old)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (SVG, "SVG, HTML and PDF files are not accepted"),
        (b"", "The file is empty (0 bytes)"),
        (png_bomb(), "too many pixels"),
    ],
)
def test_a_hostile_picture_is_refused_naming_it_and_imports_nothing(tmp_path, db, data, problem):
    write(tmp_path, "images/cycle.md", CYCLE)
    (tmp_path / "images/cycle.png").write_bytes(data)
    write(tmp_path, "modalities/eft.md", MODALITY)
    with pytest.raises(CommandError) as error:
        run("import_content", tmp_path)
    assert f"{tmp_path / 'images/cycle.png'}: " in str(error.value)
    assert problem in str(error.value)
    assert not Image.objects.exists() and not Article.objects.exists()
    assert not default_storage.exists("images") or not default_storage.listdir("images")[1]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("alt: Two arrows chasing each other in a circle\n", ""), "'alt' is required"),
        (("licence: own-work", "licence: stolen"), "'licence' must be own-work, cc0"),
        (("file: cycle.png", "file: ../people/jane.md"), "'file' must name a picture beside"),
        (("file: cycle.png", "file: missing.png"), "'missing.png', which is not beside"),
        (("focal_x: 0.3", "focal_x: 3"), "'focal_x'"),
    ],
)
def test_bad_image_metadata_is_refused_naming_the_file(tmp_path, db, change, problem):
    write(tmp_path, "images/cycle.md", CYCLE.replace(*change))
    (tmp_path / "images/cycle.png").write_bytes(picture_bytes((640, 400), "PNG"))
    with pytest.raises(CommandError) as error:
        run("import_content", tmp_path)
    assert f"{tmp_path / 'images/cycle.md'}: " in str(error.value)
    assert problem in str(error.value)
    assert not Image.objects.exists()


def test_an_unknown_lead_image_is_refused_and_nothing_imported(tmp_path, db):
    write(tmp_path, "modalities/eft.md", MODALITY)
    write(
        tmp_path,
        "articles/guide.md",
        ARTICLE.replace("title: A guide", "title: A guide\nlead_image: nowhere"),
    )
    with pytest.raises(CommandError) as error:
        run("import_content", tmp_path)
    assert "articles/guide.md: 'lead_image' names unknown image 'nowhere'" in str(error.value)
    assert not Article.objects.exists() and not Modality.objects.exists()


def test_an_unknown_photo_is_refused(tmp_path, db):
    write(tmp_path, "people/jane.md", "---\nname: Jane\nphoto: nobody\n---\n")
    with pytest.raises(CommandError, match="people/jane.md: 'photo' names unknown image 'nobody'"):
        run("import_content", tmp_path)


def test_alt_text_changed_in_the_admin_stops_the_import(folder):
    image = Image.objects.get()
    image.alt = "The editor's better alt text"
    image.save()
    write(folder, "images/cycle.md", CYCLE.replace("The pursue", "Again, the pursue"))
    with pytest.raises(CommandError, match="images/cycle.md: “cycle” was changed in the admin"):
        run("import_content", folder)
    assert Image.objects.get().alt == "The editor's better alt text"
    assert "1 conflict overwritten" in run("import_content", folder, "--overwrite")
    assert Image.objects.get().alt == "Two arrows chasing each other in a circle"


def picture_sha(image):
    with default_storage.open(image.file.name) as stored:
        return hashlib.sha256(stored.read()).hexdigest()


def test_export_writes_the_stored_original_beside_its_metadata(folder, tmp_path):
    out = tmp_path / "out"
    run("export_content", out)
    image = Image.objects.get()
    # A PNG is kept lossless (PNG); its bytes are what the library stored.
    assert (out / "images/cycle.png").read_bytes() == default_storage.open(image.file.name).read()
    meta = (out / "images/cycle.md").read_text()
    assert "file: cycle.png\nalt: Two arrows" in meta and "focal_x: 0.3\n" in meta
    assert "focal_y" not in meta  # the centre is the default
    assert "lead_image: cycle" in (out / "articles/guide.md").read_text()
    assert "photo: cycle" in (out / "people/jane.md").read_text()
    # Importing the export changes nothing, and exporting again writes the same bytes.
    assert "0 created, 0 updated, 4 unchanged" in run("import_content", out)
    Image.objects.update(credit="Someone else")
    run("export_content", out)
    assert "credit: Someone else" in (out / "images/cycle.md").read_text()


def test_an_import_that_fails_after_writing_leaves_no_image_files(tmp_path, db, media_root):
    write(tmp_path, "images/cycle.md", CYCLE)
    (tmp_path / "images/cycle.png").write_bytes(picture_bytes((640, 400), "PNG"))
    write(
        tmp_path,
        "articles/linker.md",
        "---\ntitle: T\nsummary: S\nstatus: published\nlead_image: cycle\n---\n"
        "[gone](/blog/nowhere/)\n",
    )
    with pytest.raises(CommandError, match="linker.md: 'body': These links lead to pages"):
        run("import_content", tmp_path)
    assert not Image.objects.exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_an_oversize_picture_is_refused_naming_it(tmp_path, db, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1_000
    write(tmp_path, "images/cycle.md", CYCLE)
    (tmp_path / "images/cycle.png").write_bytes(picture_bytes((640, 400), "PNG", dot=(9, 9, 5)))
    with pytest.raises(CommandError, match=r"images/cycle.png: The file is .* MB; images may be"):
        run("import_content", tmp_path)


def test_a_picture_linked_from_outside_the_content_folder_is_refused(tmp_path, db):
    outside = tmp_path / "secret.png"
    outside.write_bytes(picture_bytes((640, 400), "PNG"))
    root = tmp_path / "content"
    write(root, "images/cycle.md", CYCLE)
    (root / "images/cycle.png").symlink_to(outside)
    with pytest.raises(CommandError, match="images/cycle.png: is a link to a file outside"):
        run("import_content", root)
