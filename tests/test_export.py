"""export_content writes the database back as content files; the round trip is lossless."""

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image as Pillow
from PIL import ImageChops, ImageStat

from articles.models import Article
from images.models import Image
from modalities.models import Modality
from people.models import Person
from tests.images_fixtures import picture_bytes, upload
from topics.models import Topic

IGNORED = {"id", "updated_at", "version", "review_token"}


def row(obj, skip=()):
    """Every stored field, with relations by slug (pks differ between databases)."""
    values = {}
    for f in obj._meta.concrete_fields:
        if f.name in IGNORED or f.name in skip:
            continue
        value = getattr(obj, f.name)
        if f.is_relation:
            value = value.slug if value is not None else None
        values[f.name] = value
    return values


def image_row(image):
    """An image's metadata and the bytes of its stored original (names carry a hash)."""
    with default_storage.open(image.file.name) as stored:
        picture = hashlib.sha256(stored.read()).hexdigest()
    return {**row(image, skip={"file", "renditions", "uploaded_at"}), "picture": picture}


def pixels(image):
    with default_storage.open(image.file.name) as stored:
        picture = Pillow.open(io.BytesIO(stored.read()))
        picture.load()
    return picture


def pixels_differ_by(image, picture):
    """The mean difference of the channels over all pixels, from 0 to 255."""
    return max(ImageStat.Stat(ImageChops.difference(pixels(image), picture)).mean)


def database_state():
    state = {
        "images": [image_row(i) for i in Image.objects.order_by("slug")],
        "topics": [row(t) for t in Topic.objects.order_by("slug")],
        "people": [row(p) for p in Person.objects.order_by("slug")],
        "modalities": [
            {
                **row(m),
                "topics": sorted(m.topics.values_list("slug", flat=True)),
                "sources": [row(s, skip={"modality", "order"}) for s in m.sources.all()],
            }
            for m in Modality.objects.order_by("slug")
        ],
        "articles": [],
    }
    for article in Article.objects.order_by("slug"):
        checklist = getattr(article, "checklist", None)
        state["articles"].append(
            {
                **row(article),
                "related": sorted(article.related.values_list("slug", flat=True)),
                "topics": sorted(article.topics.values_list("slug", flat=True)),
                "checklist": checklist
                and {
                    **row(checklist, skip={"article"}),
                    "items": [row(i, skip={"checklist", "order"}) for i in checklist.items.all()],
                },
                "rows": [row(r, skip={"article", "order"}) for r in article.comparison_rows.all()],
                "timeline": [
                    row(s, skip={"article", "order"}) for s in article.timeline_steps.all()
                ],
                "faqs": [row(f, skip={"article", "order"}) for f in article.faqs.all()],
                "sources": [row(s, skip={"article", "order"}) for s in article.sources.all()],
            }
        )
    return state


def wipe():
    Article.objects.all().delete()
    Modality.objects.all().delete()
    Person.objects.all().delete()
    Topic.objects.all().delete()
    Image.objects.all().delete()


def run(command, folder):
    out = io.StringIO()
    call_command(command, str(folder), stdout=out)
    return out.getvalue()


def files_in(folder):
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*.md"))}


@pytest.mark.django_db
def test_import_export_import_is_lossless_on_the_sites_content(tmp_path):
    run("import_content", settings.CONTENT_DIR)
    original = database_state()
    reference = next(a for a in original["articles"] if a["slug"] == "anxious-attachment-therapy")
    assert len(reference["sources"]) == 6
    files = len(list(Path(settings.CONTENT_DIR).glob("*/*.md")))  # every object's file
    assert f"Exported {files} files" in run("export_content", tmp_path / "first")

    wipe()
    run("import_content", tmp_path / "first")
    assert database_state() == original

    run("export_content", tmp_path / "second")
    assert files_in(tmp_path / "first") == files_in(tmp_path / "second")  # stable output


@pytest.mark.django_db
def test_everything_an_editor_can_set_survives_the_round_trip(tmp_path, rich_article, make_article):
    article = rich_article(3)
    for slug, data in [
        ("photo", picture_bytes((640, 480), dot=(100, 80, 10))),
        ("diagram", picture_bytes((800, 420), "PNG", color=(20, 40, 60, 128))),
    ]:
        Image(
            file=upload(data),
            slug=slug,
            alt=f"The {slug}: 'quoted', with a colon",
            caption="A caption",
            credit="TherapyExplained",
            licence="cc-by-4.0",
            focal_x=0.25,
            focal_y=0.75 if slug == "photo" else 0.5,
        ).save()
    article.lead_image = Image.objects.get(slug="diagram")
    article.author.photo = Image.objects.get(slug="photo")
    article.author.save()
    article.summary = "Quotes ' \" and a colon: here\nand a second line"
    article.updated_on = article.reviewed_on
    article.next_review_due = article.reviewed_on
    article.seo_title = "Therapy for anxious attachment: what helps"
    article.meta_description = "A plain guide: #hash, 'quotes' and: colons"
    article.published_at = article.published_at.replace(microsecond=0)
    article.save()
    for faq in article.faqs.all():
        faq.answer = "Line one\n\n- a list\n- of things"
        faq.save()
    article.sources.update(url="https://example.org/a", doi="10.1037/0022-3514.52.3.511")
    make_article(slug="unpublished", status=Article.Status.DRAFT)
    make_article(slug="waiting", status=Article.Status.IN_REVIEW)
    before = database_state()
    photo_pixels = pixels(Image.objects.get(slug="photo"))
    run("export_content", tmp_path)
    wipe()
    run("import_content", tmp_path)
    after = database_state()
    # A PNG original comes back byte for byte. A JPEG one is re-encoded once by the safe-upload
    # checks when it is created from a file, so its pixels are compared instead of its bytes.
    jpeg_before, jpeg_after = (state["images"][1].pop("picture") for state in (before, after))
    assert after == before
    assert jpeg_before != jpeg_after
    assert pixels_differ_by(Image.objects.get(slug="photo"), photo_pixels) < 0.5


@pytest.mark.django_db
def test_export_removes_files_that_match_nothing(tmp_path, make_article):
    make_article(slug="kept")
    stale = tmp_path / "articles" / "renamed-long-ago.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("---\ntitle: Old\n---\n")
    output = run("export_content", tmp_path)
    assert f"Removed {stale} (not in the database)" in output
    assert sorted(files_in(tmp_path)) == ["articles/kept.md"]
