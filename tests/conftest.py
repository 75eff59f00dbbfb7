import datetime
import io
import os
import shutil
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Checklist, ChecklistItem, ComparisonRow, Source, TimelineStep
from faqs.models import FAQ
from images.models import Image
from modalities.models import Modality
from people.models import Person
from tests.images_fixtures import picture_bytes, upload
from therapyexplained.settings import media_storage


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (a shared Redis one included)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to the test's own temporary folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


S3_BUCKET = "therapyexplained-test-media"


@pytest.fixture(scope="session")
def s3_server():
    """A real S3-compatible server (moto in server mode) on a free local port, with an
    empty bucket: the environment MEDIA_STORAGE=s3 needs, as settings.media_storage reads it."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    environ = {
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": S3_BUCKET,
        "MEDIA_S3_ENDPOINT_URL": f"http://{host}:{port}",
        "MEDIA_S3_REGION": "us-east-1",
        "MEDIA_S3_ACCESS_KEY_ID": "test-key",
        "MEDIA_S3_SECRET_ACCESS_KEY": "test-secret",
    }
    boto3.client(
        "s3",
        endpoint_url=environ["MEDIA_S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    ).create_bucket(Bucket=S3_BUCKET)
    yield environ
    server.stop()


@pytest.fixture
def s3_storage(s3_server):
    """STORAGES["default"] for one test: the shared bucket, under the test's own prefix."""

    def make(prefix=None):
        prefix = prefix or f"test-{uuid.uuid4().hex[:12]}"
        return media_storage({**s3_server, "MEDIA_S3_PREFIX": prefix})

    return make


@pytest.fixture(params=["filesystem", "s3"])
def media_backend(request, settings):
    """Run a test once on the local filesystem (MEDIA_ROOT) and once on S3."""
    if request.param == "s3":
        settings.STORAGES = {
            **settings.STORAGES,
            "default": request.getfixturevalue("s3_storage")(),
        }
    return request.param


@pytest.fixture(scope="session")
def content_media(tmp_path_factory):
    """The files the first import of content/ stored, for the tests that import it again."""
    return tmp_path_factory.mktemp("content-media")


@pytest.fixture
def site_content(db, django_capture_on_commit_callbacks, media_root, content_media):
    """The site's real content/ folder, imported (and committed) as `make run` does."""
    # Stored image files are named by a hash of their pixels, so an earlier import's
    # files are this import's too: linked in, they are found and not encoded again.
    seeded = any(content_media.iterdir())
    if seeded:
        shutil.copytree(content_media, media_root, dirs_exist_ok=True, copy_function=os.link)
    # Tests run in one transaction that never commits: run the import's on-commit
    # callbacks (the content version's bump) as its commit would, so that later
    # saves in the test queue their own.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_content", str(settings.CONTENT_DIR), stdout=io.StringIO())
    if not seeded and media_root.exists():
        shutil.copytree(media_root, content_media, dirs_exist_ok=True, copy_function=os.link)


@pytest.fixture
def editor(client, db):
    """The test client, signed in as an editor with every permission."""
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


@pytest.fixture
def make_staff(db):
    """A staff user with only the named permissions (codenames), e.g. "view_article"."""

    def make(username, *codenames, **fields):
        fields.setdefault("is_staff", True)
        user = User.objects.create_user(username, **fields)
        found = Permission.objects.filter(codename__in=codenames)
        assert found.count() == len(codenames), codenames
        user.user_permissions.add(*found)
        return user

    return make


@pytest.fixture
def make_person(db):
    def make(slug="jane-doe", **fields):
        fields.setdefault("name", slug.replace("-", " ").title())
        return Person.objects.create(slug=slug, **fields)

    return make


@pytest.fixture
def make_modality(db):
    def make(slug="test-therapy", **fields):
        fields.setdefault("name", slug.replace("-", " ").title())
        fields.setdefault("summary", "A therapy used in tests.")
        fields.setdefault("body", "## About\n\nText.")
        return Modality.objects.create(slug=slug, **fields)

    return make


@pytest.fixture
def make_article(db):
    def make(slug="test-article", **fields):
        fields.setdefault("title", slug.replace("-", " ").title())
        fields.setdefault("summary", "An article used in tests.")
        fields.setdefault("body", "## First section\n\nSome words here.")
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=1))
        return Article.objects.create(slug=slug, **fields)

    return make


@pytest.fixture
def rich_article(make_article, make_modality, make_person):
    """An article with every embed, sized by n: checklist items, rows, steps, FAQs, sources."""

    def make(n, slug="rich"):
        article = make_article(
            slug=slug,
            author=make_person(slug=f"{slug}-author"),
            reviewer=make_person(slug=f"{slug}-reviewer", credentials="PsyD"),
            reviewed_on=datetime.date(2026, 6, 10),
            body="## Signs\n\n[[checklist]]\n\n## Options\n\n[[comparison]]\n\n"
            "## Timeline\n\n[[timeline]]\n",
            comparison_title="Options compared",
            cta_title="Find a therapist",
            cta_text="Talk to someone trained.",
            cta_button_label="Compare the therapies",
            cta_button_url="/treatments/",
        )
        checklist = Checklist.objects.create(
            article=article, title="Signs", note="Not a diagnosis.", interpretation="Look closer."
        )
        for i in range(n):
            ChecklistItem.objects.create(checklist=checklist, text=f"Sign {i}", order=i)
            modality = make_modality(slug=f"{slug}-therapy-{i}", short_name=f"T{i}")
            ComparisonRow.objects.create(
                article=article, modality=modality, best_for="b", format="f", evidence="e", order=i
            )
            TimelineStep.objects.create(article=article, title=f"Phase {i}", period="p", text="t")
            FAQ.objects.create(article=article, question=f"Question {i}?", answer="An *answer*.")
            article.related.add(make_article(slug=f"{slug}-related-{i}"))
            Source.objects.create(article=article, title=f"Source {i}", year=2000 + i, order=i)
        return article

    return make


@pytest.fixture
def library(db, django_capture_on_commit_callbacks):
    """Saves an image to the library (renditions made), by slug."""

    def save(slug="cycle", **fields):
        fields.setdefault("alt", "Two people <turned> away")
        fields.setdefault("licence", "own-work")
        data = picture_bytes(fields.pop("size", (800, 600)))
        image = Image(file=upload(data, f"{slug}.jpg"), slug=slug, **fields)
        with django_capture_on_commit_callbacks(execute=True):
            image.save()
        return image

    return save
