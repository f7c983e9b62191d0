"""Bulk upload into a gallery from the admin, and the editors' preview of a draft."""

from __future__ import annotations

import io
import json
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from galleries.models import Mission, Photo
from tests.factories import make_credit, make_mission, make_photo
from tests.images import jpeg_bytes, real_path


def test_many_files_at_once_each_reported_by_name(editor_client, stored_files, django_capture_on_commit_callbacks):
    mission = make_mission()
    credit = make_credit(photographer="Joel Kowsky", organization="NASA")
    files = [
        SimpleUploadedFile("Landscape_6.jpg", real_path("Landscape_6.jpg").read_bytes()),
        SimpleUploadedFile("Portrait_6.jpg", real_path("Portrait_6.jpg").read_bytes()),
        SimpleUploadedFile("truncated_jpeg.jpg", real_path("truncated_jpeg.jpg").read_bytes()),
    ]
    url = reverse("admin:galleries_mission_upload", args=[mission.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, {"files": files, "credit": credit.pk, "location": "Baikonur"})
    body = response.content.decode()
    assert "2 of 3 files added" in body
    assert "truncated_jpeg.jpg</strong>: the file is damaged or incomplete" in body
    photos = list(mission.photos.in_order())
    assert [p.original_filename for p in photos] == ["Landscape_6.jpg", "Portrait_6.jpg"]
    assert [p.credit for p in photos] == [credit, credit]
    assert [p.location for p in photos] == ["Baikonur", "Baikonur"]
    assert all(p.renditions for p in photos)
    assert len([p for p in stored_files() if "originals" in p.parts]) == 2


def test_upload_asking_for_json_gets_one_result_per_file(editor_client):
    mission = make_mission()
    url = reverse("admin:galleries_mission_upload", args=[mission.pk])
    response = editor_client.post(
        url,
        {"files": [SimpleUploadedFile("notes.jpg", b"not an image")], "credit": make_credit().pk},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    (result,) = json.loads(response.content)["results"]
    assert result["name"] == "notes.jpg"
    assert not result["ok"]
    assert "not an image we accept" in result["message"]


def test_a_zip_is_unpacked_and_a_second_upload_of_the_same_files_adds_nothing(editor_client):
    mission = make_mission()
    credit = make_credit()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("shoot/one.jpg", jpeg_bytes((64, 48), "red"))
        archive.writestr("../two.jpg", jpeg_bytes((64, 48), "blue"))
        archive.writestr("broken.jpg", b"\xff\xd8\xff garbage")
    url = reverse("admin:galleries_mission_upload", args=[mission.pk])
    for _ in range(2):
        body = editor_client.post(
            url, {"files": [SimpleUploadedFile("shoot.zip", buffer.getvalue())], "credit": credit.pk}
        ).content.decode()
    assert mission.photos.count() == 2
    assert "already in this gallery" in body
    assert "shoot.zip: broken.jpg" in body


def test_a_zip_uploaded_in_the_admin_follows_its_manifest(editor_client):
    mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("day1/DSC_0001.JPG", jpeg_bytes((64, 48), "red"))
        archive.writestr("day2/DSC_0001.JPG", jpeg_bytes((64, 48), "blue"))
        archive.writestr(
            "manifest.csv",
            "file,title,alt_text,credit\n"
            "day2/DSC_0001.JPG,Docking,A capsule nears the station.,Joel Kowsky/NASA\n"
            "day1/DSC_0001.JPG,Launch,A rocket lifts off.,Bill Ingalls/NASA\n",
        )
    url = reverse("admin:galleries_mission_upload", args=[mission.pk])
    editor_client.post(url, {"files": [SimpleUploadedFile("cards.zip", buffer.getvalue())]})
    photos = list(mission.photos.in_order())
    assert [photo.title for photo in photos] == ["Docking", "Launch"]
    assert [str(photo.credit) for photo in photos] == ["Joel Kowsky/NASA", "Bill Ingalls/NASA"]


def test_files_without_credit_need_the_common_credit(editor_client, stored_files):
    mission = make_mission()
    url = reverse("admin:galleries_mission_upload", args=[mission.pk])
    body = editor_client.post(url, {"files": [SimpleUploadedFile("eva.jpg", jpeg_bytes())]}).content.decode()
    assert "eva.jpg</strong>: the file does not say who took it; choose a credit." in body
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_preview_shows_a_draft_to_editors_only_and_is_never_cached(editor_client, client):
    draft = make_mission(status=Mission.Status.DRAFT, published_at=None, title="Draft Soyuz")
    make_photo(mission=draft, title="Secret rehearsal")
    url = reverse("admin:galleries_mission_preview", args=[draft.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Secret rehearsal" in body
    assert "Preview" in body
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    editor_client.logout()
    assert client.get(url).status_code == 302  # to the admin login
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_no_script_upload_of_too_many_files_names_the_limit(editor_client, settings):
    settings.GALLERIES_MAX_FILES_PER_UPLOAD = 2
    mission = make_mission()
    files = [
        SimpleUploadedFile(f"{n}.jpg", jpeg_bytes((64, 48), color)) for n, color in enumerate(["red", "green", "blue"])
    ]
    response = editor_client.post(reverse("admin:galleries_mission_upload", args=[mission.pk]), {"files": files})
    assert response.status_code == 200
    assert "3 files were sent; at most 2 go in one upload." in response.content.decode()
    assert not mission.photos.exists()
