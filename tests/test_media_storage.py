"""Where uploads live: MEDIA_ROOT by default, or one private S3 bucket that every instance
shares (MEDIA_STORAGE=s3), as operators configure it and readers receive the files."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage

from images.models import Image
from tests.images_fixtures import picture_bytes, upload
from therapyexplained.settings import media_storage

S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "MEDIA_S3_BUCKET": "media",
    "MEDIA_S3_ACCESS_KEY_ID": "key",
    "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
}


# The operator's settings


def test_the_filesystem_is_the_default():
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_takes_its_bucket_keys_and_endpoint_from_the_environment():
    config = media_storage(
        {**S3_ENV, "MEDIA_S3_ENDPOINT_URL": "https://s3.example.net", "MEDIA_S3_REGION": "eu"}
    )
    assert config["BACKEND"] == "images.storage.PrivateS3Storage"
    assert config["OPTIONS"] == {
        "bucket_name": "media",
        "access_key": "key",
        "secret_key": "secret",
        "endpoint_url": "https://s3.example.net",
        "region_name": "eu",
        "location": "",
    }


@pytest.mark.parametrize(
    "missing", ["MEDIA_S3_BUCKET", "MEDIA_S3_ACCESS_KEY_ID", "MEDIA_S3_SECRET_ACCESS_KEY"]
)
def test_a_missing_s3_variable_is_named(missing):
    with pytest.raises(ImproperlyConfigured, match=f"MEDIA_STORAGE=s3 needs {missing}"):
        media_storage({**S3_ENV, missing: " "})


def test_an_unknown_storage_is_refused():
    with pytest.raises(ImproperlyConfigured, match='"filesystem" or "s3", not \'ftp\''):
        media_storage({"MEDIA_STORAGE": "ftp"})


def test_the_site_does_not_start_without_its_bucket():
    env = {**os.environ, "MEDIA_STORAGE": "s3", "DJANGO_SETTINGS_MODULE": ""}
    env.pop("MEDIA_S3_BUCKET", None)
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--settings=therapyexplained.settings_test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET in the environment." in run.stderr


def test_the_images_app_never_asks_a_storage_for_a_local_path():
    # S3 has no path(): every read goes through open(), size() and exists().
    images = Path(__file__).resolve().parent.parent / "images"
    calls = [
        f"{source.name}:{node.lineno}"
        for source in images.rglob("*.py")
        for node in ast.walk(ast.parse(source.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "path"
    ]
    assert calls == []


# The bucket


def saved_image(django_capture_on_commit_callbacks):
    image = Image(
        file=upload(picture_bytes((700, 400)), "sofa.jpg"), alt="A sofa", licence="own-work"
    )
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    return image


def bucket(s3_server):
    return boto3.client(
        "s3",
        endpoint_url=s3_server["MEDIA_S3_ENDPOINT_URL"],
        region_name=s3_server["MEDIA_S3_REGION"],
        aws_access_key_id=s3_server["MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=s3_server["MEDIA_S3_SECRET_ACCESS_KEY"],
    )


def test_objects_stay_private_and_readers_get_the_sites_own_urls(
    db, settings, s3_server, s3_storage, django_capture_on_commit_callbacks
):
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage()}
    image = saved_image(django_capture_on_commit_callbacks)
    key = f"{default_storage.location}/{image.file.name}"
    grants = bucket(s3_server).get_object_acl(Bucket=s3_server["MEDIA_S3_BUCKET"], Key=key)
    assert [g["Permission"] for g in grants["Grants"]] == ["FULL_CONTROL"], "the owner only"
    assert "URI" not in grants["Grants"][0]["Grantee"], "no AllUsers or AuthenticatedUsers"
    for name in image.stored_names():
        assert default_storage.url(name) == f"/media/{name}", "no bucket host, no signature"


def test_an_image_saved_by_one_instance_is_served_by_another(
    db, client, settings, tmp_path, s3_storage, django_capture_on_commit_callbacks
):
    shared = s3_storage()
    settings.STORAGES = {**settings.STORAGES, "default": shared}
    image = saved_image(django_capture_on_commit_callbacks)
    sent = {}
    for name in image.stored_names():
        with default_storage.open(name) as f:
            sent[name] = f.read()

    # The second instance: its own storage object and connection, and an empty local disk.
    settings.MEDIA_ROOT = tmp_path / "other-instance"
    settings.STORAGES = {**settings.STORAGES, "default": {**shared}}
    for name, data in sent.items():
        response = client.get(f"/media/{name}")
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content) == data
        assert int(response["Content-Length"]) == len(data)
    assert not settings.MEDIA_ROOT.exists(), "nothing was read from or written to local disk"

    # Deleted through the second instance, it is gone for both.
    with django_capture_on_commit_callbacks(execute=True):
        Image.objects.get().delete()
    assert client.get(f"/media/{image.file.name}").status_code == 404


def test_instances_on_separate_disks_do_not_share(
    db, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    # Why several instances need S3 or one shared volume: a local MEDIA_ROOT is not shared.
    image = saved_image(django_capture_on_commit_callbacks)
    assert client.get(f"/media/{image.file.name}").status_code == 200
    settings.MEDIA_ROOT = tmp_path / "other-instance"
    assert client.get(f"/media/{image.file.name}").status_code == 404
