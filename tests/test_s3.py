"""Media on S3 through django-storages, against moto's S3 server speaking real HTTP on 127.0.0.1."""

from __future__ import annotations

import io

import pytest
from botocore.config import Config
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.functional import empty
from PIL import Image

from galleries.models import Photo
from galleries.models.files import originals_storage
from tests.factories import make_credit, make_mission
from tests.images import real_path

BUCKET = "mission-photos"
PRIVATE_BUCKET = "mission-originals"
CDN = "cdn.example.org"

moto_server = pytest.importorskip("moto.server", reason="moto[server] is in the dev extra")


@pytest.fixture(scope="module")
def s3_server():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_server):
    """Point both media storages at the S3 server: public renditions behind a CDN domain,
    private originals in their own bucket with signed URLs."""
    import boto3

    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    for bucket in (BUCKET, PRIVATE_BUCKET):
        client.create_bucket(Bucket=bucket)
    common = {
        "endpoint_url": s3_server,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "file_overwrite": False,
        "default_acl": None,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": BUCKET, "custom_domain": CDN, "querystring_auth": False},
        },
        "originals": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": PRIVATE_BUCKET, "querystring_auth": True},
        },
    }
    originals_storage()._wrapped = empty  # resolve the new "originals" storage on next use
    yield client
    originals_storage()._wrapped = empty
    for bucket in (BUCKET, PRIVATE_BUCKET):
        for key in keys(client, bucket):
            client.delete_object(Bucket=bucket, Key=key)
        client.delete_bucket(Bucket=bucket)


def keys(client, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def upload(client, name: str = "Landscape_6.jpg"):
    mission = make_mission(slug="expedition-56")
    return client.post(
        reverse("admin:galleries_photo_add"),
        {
            "mission": mission.pk,
            "image": SimpleUploadedFile(name, real_path(name).read_bytes()),
            "credit": make_credit(photographer="Joel Kowsky", organization="NASA").pk,
            "alt_text": "A rocket on a rail car.",
            "title": "Watching the Arrival",
        },
    )


def test_admin_upload_stores_original_privately_and_renditions_publicly(
    s3, editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(editor_client)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert keys(s3, PRIVATE_BUCKET) == [photo.image.name]
    original = s3.get_object(Bucket=PRIVATE_BUCKET, Key=photo.image.name)["Body"].read()
    assert original == real_path("Landscape_6.jpg").read_bytes()
    assert keys(s3, BUCKET) == sorted(photo.rendition_names())
    head = s3.head_object(Bucket=BUCKET, Key=photo.rendition_for(width=160).name)
    assert head["ContentType"] == "image/jpeg"
    # The original's address is signed and expires; the renditions' are plain CDN addresses.
    assert "X-Amz-Signature=" in photo.image.url
    page = editor_client.get(photo.get_absolute_url()).content.decode()
    assert f"https://{CDN}/renditions/{photo.key.hex}/" in page
    assert PRIVATE_BUCKET not in page


def test_deleting_a_photo_removes_its_objects_after_commit(s3, editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor_client)
    photo = Photo.objects.get()
    assert keys(s3, BUCKET)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("admin:galleries_photo_delete", args=[photo.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert keys(s3, BUCKET) == []
    assert keys(s3, PRIVATE_BUCKET) == []


def test_unreachable_store_gives_a_clear_message_and_keeps_no_row(s3, editor_client, settings):
    # A store that refuses connections: nothing listens on port 9 of 127.0.0.1.
    for alias in ("default", "originals"):
        settings.STORAGES[alias]["OPTIONS"]["endpoint_url"] = "http://127.0.0.1:9"
        settings.STORAGES[alias]["OPTIONS"]["client_config"] = Config(connect_timeout=1, retries={"max_attempts": 1})
    settings.STORAGES = dict(settings.STORAGES)
    originals_storage()._wrapped = empty
    response = upload(editor_client)
    assert response.status_code == 302  # back to the form
    followed = editor_client.get(response["Location"]).content.decode()
    assert "“Landscape_6.jpg”: the photo store could not be reached, so nothing was saved" in followed
    assert not Photo.objects.exists()


def test_healthz_follows_the_s3_store(s3, client, settings, db):
    assert client.get("/healthz").status_code == 200
    settings.STORAGES["originals"]["OPTIONS"]["endpoint_url"] = "http://127.0.0.1:9"
    settings.STORAGES["originals"]["OPTIONS"]["client_config"] = Config(connect_timeout=1, retries={"max_attempts": 1})
    settings.STORAGES = dict(settings.STORAGES)
    assert client.get("/healthz").status_code == 503


def test_orphan_sweep_finds_stray_objects_in_the_buckets(s3, editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor_client)
    s3.put_object(Bucket=PRIVATE_BUCKET, Key="originals/stray.jpg", Body=b"x")
    out = io.StringIO()
    call_command("media_orphans", "--delete", stdout=out)
    assert "removed: originals/stray.jpg" in out.getvalue()
    assert "1 orphan file(s) removed" in out.getvalue()
    photo = Photo.objects.get()
    assert keys(s3, PRIVATE_BUCKET) == [photo.image.name]
    assert keys(s3, BUCKET) == sorted(photo.rendition_names())


def test_a_download_is_streamed_from_the_bucket_and_its_full_size_copy_is_private(
    s3, editor_client, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor_client)
    photo = Photo.objects.get()
    assert photo.full_size["name"] in keys(s3, BUCKET)
    assert not photo.full_size["name"].startswith("renditions/")  # the bucket policy publishes renditions/ only
    response = client.get(f"{photo.get_absolute_url()}download/original/")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert len(data) == int(response["Content-Length"]) == photo.full_size["bytes"]
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1800, 1200)
