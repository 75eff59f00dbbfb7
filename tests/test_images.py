"""The image library: safe uploads, renditions, focal-point crops, the picture tag, media
serving and who may do what, as editors and readers meet them."""

import io
import os

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.test import Client
from PIL import ExifTags, ImageCms
from PIL import Image as Pillow

from images.models import Image
from tests.admin_form import errors_of
from tests.images_fixtures import POLYGLOT, SVG, picture_bytes, png_bomb, stored_files, upload

ADD = "/admin/images/image/add/"
PASSWORD = "a-long-image-password"


def change_url(image):
    return f"/admin/images/image/{image.pk}/change/"


# Every test here runs twice: on the filesystem (MEDIA_ROOT) and on an S3 server.
pytestmark = pytest.mark.usefixtures("media_backend")


def post_image(client, file, **fields):
    data = {
        "file": file,
        "alt": "Two people on a sofa, turned away from each other",
        "caption": "",
        "credit": "TherapyExplained",
        "licence": "own-work",
        "slug": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }
    return client.post(ADD, data)


@pytest.fixture
def saved(db, django_capture_on_commit_callbacks):
    def save(data=None, name="sofa.jpg", **fields):
        fields.setdefault("alt", "A sofa")
        fields.setdefault("licence", "own-work")
        image = Image(file=upload(data or picture_bytes(), name), **fields)
        with django_capture_on_commit_callbacks(execute=True):
            image.save()
        return image

    return save


def open_stored(name):
    with default_storage.open(name) as f:
        picture = Pillow.open(io.BytesIO(f.read()))
        picture.load()
    return picture


# Renditions


def test_renditions_in_every_format_at_widths_up_to_the_original(saved):
    image = saved(picture_bytes((1000, 500)))
    widths = {(r["format"], r["width"]) for r in image.renditions_of("width")}
    assert widths == {(f, w) for f in ("avif", "webp", "jpeg") for w in (320, 480, 640, 960, 1000)}
    for r in image.renditions:
        picture = open_stored(r["name"])
        assert picture.format == {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}[r["format"]]
        assert picture.size == (r["width"], r["height"])
        if r["kind"] == "width":
            assert r["height"] == round(500 * r["width"] / 1000)
    assert (image.share["width"], image.share["height"]) == (1200, 630)
    assert (image.width, image.height) == (1000, 500)


def test_a_large_image_stops_at_1600_and_names_carry_a_hash(saved):
    image = saved(picture_bytes((2000, 1000)), name="Big Photo.JPG")
    avif = [r["width"] for r in image.renditions_of("width", "avif")]
    assert avif == [320, 480, 640, 960, 1280, 1600], "each width once, none past 1600"
    assert image.slug == "big-photo"
    name = image.renditions_of("width", "avif")[0]["name"]
    assert name.startswith("images/renditions/big-photo-") and name.endswith("-320.avif")


def test_the_share_crop_keeps_the_focal_point(saved):
    # A tall image with a red dot near the bottom: a centred 1200x630 crop would miss it.
    image = saved(picture_bytes((800, 1400), dot=(600, 1250, 20)), focal_x=0.75, focal_y=0.9)
    share = open_stored(image.share["name"]).convert("RGB")
    assert share.size == (1200, 630)
    reds = [
        (x, y)
        for x in range(0, 1200, 6)
        for y in range(0, 630, 6)
        if share.getpixel((x, y))[0] > 200 and share.getpixel((x, y))[2] < 80
    ]
    assert reds, "the red dot at the focal point is not in the share crop"


def test_a_moved_focal_point_remakes_the_renditions_and_removes_the_old(
    saved, django_capture_on_commit_callbacks
):
    image = saved(picture_bytes((800, 1400)))
    old = {r["name"] for r in image.renditions}
    image.focal_y = 0.05
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    new = {r["name"] for r in image.renditions}
    assert old.isdisjoint(new)
    assert all(default_storage.exists(n) for n in new)
    assert not any(default_storage.exists(n) for n in old)
    assert default_storage.exists(image.file.name), "the original is kept"


def test_a_new_file_replaces_the_old_files(saved, django_capture_on_commit_callbacks):
    image = saved(picture_bytes((800, 600)))
    old = set(image.stored_names())
    image.file = upload(picture_bytes((500, 400), color=(200, 100, 0)), "new.png")
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert (image.width, image.height) == (500, 400)
    assert image.slug == "sofa", "the slug, which content uses, stays"
    assert sorted(stored_files()) == sorted(n.rsplit("/", 1)[-1] for n in image.stored_names())
    assert old.isdisjoint(image.stored_names())


def test_a_lossless_upload_is_stored_losslessly_and_a_photo_as_jpeg(saved):
    diagram = saved(picture_bytes((640, 400), "PNG", dot=(100, 100, 3)), name="d.png", slug="d")
    photo = saved(picture_bytes((640, 400)), name="p.jpg", slug="p")
    assert diagram.file.name.endswith(".png") and photo.file.name.endswith(".jpg")
    assert open_stored(diagram.file.name).getpixel((100, 100)) == (255, 0, 0)


def test_a_script_appended_to_a_real_image_does_not_survive(saved):
    image = saved(picture_bytes((400, 300)) + b"<script>alert(document.cookie)</script>")
    for name in [image.file.name, *(r["name"] for r in image.renditions)]:
        with default_storage.open(name) as f:
            assert b"<script>" not in f.read(), name


def test_exif_gps_camera_and_profile_are_stripped(saved):
    exif = Pillow.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Camera 9000"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.0),
    }
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = picture_bytes((640, 480), exif=exif.tobytes(), icc_profile=icc)
    assert b"Camera 9000" in data and Pillow.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    image = saved(data)
    for name in [image.file.name, *(r["name"] for r in image.renditions)]:
        with default_storage.open(name) as f:
            stored = f.read()
        assert b"Camera 9000" not in stored and b"PhoneMaker" not in stored, name
        picture = Pillow.open(io.BytesIO(stored))
        assert not picture.getexif(), name
        assert not {"xmp", "exif", "icc_profile"} & set(picture.info), name


def test_exif_orientation_is_applied_before_stripping(saved):
    exif = Pillow.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored sideways: shown turned 90 degrees
    image = saved(picture_bytes((600, 300), exif=exif.tobytes()))
    assert (image.width, image.height) == (300, 600)


# Hostile and bad uploads: a clear form error, and nothing stored


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png_bomb(), "bomb.png", "too many pixels"),
        (SVG, "x.png", "SVG, HTML and PDF files are not accepted"),
        (POLYGLOT, "cute.gif", "not a JPEG, PNG"),
        (b"<!doctype html><script>alert(1)</script>", "page.jpg", "not a JPEG, PNG"),
        (b"%PDF-1.7\n", "doc.png", "not a JPEG, PNG"),
        (b"", "empty.jpg", "file is empty"),
        (picture_bytes((150, 150)), "tiny.jpg", "at least 200 px wide"),
    ],
)
def test_a_bad_upload_is_a_form_error_and_stores_nothing(editor, data, name, message):
    response = post_image(editor, upload(data, name))
    assert response.status_code == 200
    assert any(message in e for e in errors_of(response)), errors_of(response)
    assert Image.objects.count() == 0
    assert stored_files() == []


def test_pillows_bomb_warning_is_refused_too(editor, monkeypatch):
    # Between MAX_IMAGE_PIXELS and twice that Pillow only warns: that is refused as well.
    monkeypatch.setattr(Pillow, "MAX_IMAGE_PIXELS", 300_000)
    response = post_image(editor, upload(picture_bytes((700, 500)), "big.jpg"))
    assert any("too many pixels (at most 300,000)" in e for e in errors_of(response))
    assert Image.objects.count() == 0 and stored_files() == []


def test_an_oversize_upload_is_refused(editor, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 20_000
    data = picture_bytes((1600, 1200), fmt="PNG", color=(1, 2, 3), compress_level=0)
    response = post_image(editor, upload(data, "huge.png"))
    assert any("images may be at most" in e for e in errors_of(response))
    assert Image.objects.count() == 0 and stored_files() == []


def test_a_gif_keeps_its_first_frame_only(editor, django_capture_on_commit_callbacks):
    frames = [Pillow.new("RGB", (300, 200), c) for c in ((0, 200, 0), (200, 0, 0))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    response = post_image(editor, upload(out.getvalue(), "anim.gif"))
    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()
    red, green, _ = open_stored(image.file.name).getpixel((10, 10))
    assert green > 150 and red < 50, "the first (green) frame"


def test_alt_text_is_required(editor):
    response = post_image(editor, upload(picture_bytes()), alt="")
    assert "This field is required." in errors_of(response)
    assert Image.objects.count() == 0 and stored_files() == []


def test_the_focal_point_stays_inside_the_image(editor):
    response = post_image(editor, upload(picture_bytes()), focal_x="1.5", focal_y="-0.1")
    errors = errors_of(response)
    assert "Ensure this value is less than or equal to 1.0." in errors
    assert "Ensure this value is greater than or equal to 0.0." in errors


def test_an_editor_uploads_through_the_admin(editor):
    response = post_image(editor, upload(picture_bytes((900, 600)), "Our Sofa.png"))
    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()
    assert image.slug == "our-sofa" and image.file.name.endswith(".jpg")
    page = editor.get(change_url(image)).content.decode()
    assert "focal-point-preview" in page and "js/admin_focal_point.js" in page
    assert "AVIF" in page and "1200 × 630" in page
    listing = editor.get("/admin/images/image/?q=sofa").content.decode()
    assert "image-thumbnail" in listing and "900 × 600 px" in listing


def test_deleting_an_image_removes_its_files(saved, django_capture_on_commit_callbacks):
    image = saved()
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert stored_files() == []


# The picture tag


def test_the_picture_tag(saved):
    image = saved(picture_bytes((700, 350)), alt='A "quoted" <b>alt</b>')
    html = Template("{% load images %}{% picture image sizes='(min-width: 40rem) 40rem, 100vw' %}")
    out = html.render(Context({"image": image}))
    assert out.startswith('<picture><source type="image/avif" srcset="/media/images/renditions/')
    assert '<source type="image/webp"' in out
    assert 'alt="A &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt;"' in out
    assert 'width="700" height="350"' in out
    assert 'loading="lazy" decoding="async"' in out
    assert 'sizes="(min-width: 40rem) 40rem, 100vw"' in out
    assert " 320w, " in out and " 700w" in out
    eager = Template("{% load images %}{% picture image lazy=False %}").render(
        Context({"image": image})
    )
    assert 'loading="eager"' in eager


# Serving media


def test_media_is_served_with_a_long_cache(client, saved):
    image = saved()
    name = image.renditions_of("width", "avif")[0]["name"]
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/avif"
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:12].endswith(b"ftypavif")


@pytest.mark.parametrize(
    "path",
    [
        "images/renditions/missing.jpg",
        "images/../../therapyexplained/settings.py",
        "images/originals/..%2F..%2Fmanage.py",
        "images/renditions/",
        "manage.py",
        "images/originals/%00.jpg",
    ],
)
def test_media_refuses_missing_files_and_traversal(client, db, path):
    assert client.get(f"/media/{path}").status_code == 404


# Who may do what


@pytest.fixture
def member(db):
    def sign_in(group):
        user = User.objects.create_user(group.lower().replace(" ", "-"), password=PASSWORD)
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        answer = client.post(
            "/admin/login/", {"username": user.username, "password": PASSWORD, "next": "/admin/"}
        )
        assert answer.status_code == 302
        return client

    return sign_in


@pytest.mark.parametrize(
    ("group", "add", "delete"),
    [("Writer", 302, 403), ("Editor", 302, 302), ("Clinical reviewer", 403, 403)],
)
def test_permissions_per_group(member, saved, group, add, delete):
    image = saved()
    client = member(group)
    assert client.get("/admin/images/image/").status_code == 200
    assert client.get(change_url(image)).status_code == 200
    assert post_image(client, upload(picture_bytes(), "new.jpg")).status_code == add
    answer = client.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"})
    assert answer.status_code == delete


def test_tests_keep_media_out_of_the_repository(media_root, settings, media_backend):
    assert not str(media_root).startswith(str(settings.BASE_DIR))
    if media_backend == "s3":
        assert default_storage.bucket_name == "therapyexplained-test-media"
        assert default_storage.location.startswith("test-"), "each test has its own prefix"
    else:
        assert os.fspath(default_storage.location) == os.fspath(media_root)


def test_media_skips_the_page_cache_and_keeps_its_long_cache(client, saved, settings):
    settings.PAGE_CACHE = True
    image = saved()
    response = client.get(f"/media/{image.file.name}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
