"""A zip uploaded in the admin is unpacked off the upload request, a file at a time, and resumable."""

from __future__ import annotations

import io
import zipfile
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from galleries import batches, ingest
from galleries.models import ImportJob
from tests.factories import make_credit, make_mission
from tests.images import jpeg_bytes

COLORS = ["red", "green", "blue", "orange"]


def zip_upload(count: int = 3) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(count):
            archive.writestr(f"card/DSC_{n:04d}.JPG", jpeg_bytes((64, 48), COLORS[n]))
    return SimpleUploadedFile("cards.zip", buffer.getvalue())


@pytest.fixture
def mission(db):
    return make_mission()


def post_zip(editor_client, mission, **headers):
    url = reverse("admin:galleries_mission_upload", args=[mission.pk])
    return editor_client.post(url, {"files": [zip_upload()], "credit": make_credit().pk}, **headers)


def test_each_request_unpacks_for_its_time_budget_and_the_job_page_finishes_the_rest(
    editor_client, mission, settings, stored_files
):
    settings.GALLERIES_IMPORT_STEP_SECONDS = 0  # one file a request
    response = post_zip(editor_client, mission, headers={"Accept": "application/json"})
    (job,) = response.json()["jobs"]
    assert (job["done"], job["total"], job["finished"]) == (1, 3, False)
    assert mission.photos.count() == 1
    states = [editor_client.get(job["url"], headers={"Accept": "application/json"}).json() for _ in range(2)]
    assert [state["done"] for state in states] == [2, 3]
    assert states[-1]["finished"]
    assert [row["name"] for row in states[-1]["results"]] == [f"cards.zip: card/DSC_{n:04d}.JPG" for n in range(3)]
    assert mission.photos.count() == 3
    assert not [path for path in stored_files() if "imports" in path.parts]  # the archive is gone


def test_a_small_zip_is_done_in_the_upload_request_and_reported_by_file(editor_client, mission):
    body = post_zip(editor_client, mission).content.decode()
    assert "3 of 3 files added" in body
    assert ImportJob.objects.get().status == ImportJob.Status.DONE


def test_the_job_page_without_script_refreshes_itself_while_unpacking(editor_client, mission, settings):
    settings.GALLERIES_IMPORT_STEP_SECONDS = 0
    post_zip(editor_client, mission)
    job = ImportJob.objects.get()
    settings.GALLERIES_IMPORT_STEP_SECONDS = 0
    body = editor_client.get(reverse("admin:galleries_mission_import_job", args=[mission.pk, job.pk])).content
    assert b'http-equiv="refresh"' in body
    assert b"2 of 3 files so far" in body


def test_a_job_stopped_halfway_goes_on_where_it_was_without_duplicates(mission, editor):
    job = batches.import_job_start(
        mission=mission, upload=zip_upload(4), default_credit=make_credit(), location="", user=editor
    )
    real = ingest.photo_ingest
    calls = {"n": 0}

    def dying(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("worker killed")
        return real(**kwargs)

    with mock.patch.object(ingest, "photo_ingest", side_effect=dying), pytest.raises(SystemExit):
        batches.import_job_step(job=job, seconds=None)
    job.refresh_from_db()
    assert job.done == 2
    ImportJob.objects.filter(pk=job.pk).update(claimed_until=None)  # the killed step's claim has expired
    job = batches.import_job_step(job=job, seconds=None)
    assert job.status == ImportJob.Status.DONE
    assert mission.photos.count() == 4
    assert [entry["error"] for entry in job.results] == [""] * 4


def test_a_second_step_does_not_start_while_one_is_at_work(mission, editor):
    job = batches.import_job_start(
        mission=mission, upload=zip_upload(), default_credit=make_credit(), location="", user=editor
    )
    ImportJob.objects.filter(pk=job.pk).update(claimed_until="2999-01-01T00:00Z")
    assert batches.import_job_step(job=job, seconds=None).done == 0
    assert not mission.photos.exists()


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_upload_only_queues_the_zip(editor_client, settings):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.GALLERIES_RENDITION_LATER_FORMATS = []
    mission = make_mission()
    (job,) = post_zip(editor_client, mission, headers={"Accept": "application/json"}).json()["jobs"]
    assert job["done"] == 0
    assert not mission.photos.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    assert ImportJob.objects.get().status == ImportJob.Status.DONE
    assert mission.photos.count() == 3


def test_a_manifest_nested_too_deeply_fails_the_job_with_a_word_not_a_server_error(editor_client, mission):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.jpg", jpeg_bytes())
        archive.writestr("manifest.json", "[" * 100_000 + "]" * 100_000)
    url = reverse("admin:galleries_mission_upload", args=[mission.pk])
    response = editor_client.post(url, {"files": [SimpleUploadedFile("deep.zip", buffer.getvalue())]})
    assert response.status_code == 200
    assert "manifest.json cannot be read: it is nested too deeply" in response.content.decode()
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED


def test_an_empty_zip_is_reported_by_its_name(editor_client, mission):
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    url = reverse("admin:galleries_mission_upload", args=[mission.pk])
    body = editor_client.post(url, {"files": [SimpleUploadedFile("empty.zip", buffer.getvalue())]}).content.decode()
    assert "<strong>empty.zip</strong>: the archive holds no files." in body


def import_zip(mission, tmp_path, *options):
    from django.core.management import call_command

    archive = tmp_path / "cards.zip"
    archive.write_bytes(zip_upload().read())
    out = io.StringIO()
    call_command("import_gallery", str(archive), "--mission", mission.slug, "--credit", "A/NASA", *options, stdout=out)
    return out.getvalue()


def test_import_gallery_unpacks_a_zip_as_a_job_the_upload_page_can_show(mission, tmp_path, stored_files):
    out = import_zip(mission, tmp_path)
    assert "[3/3] card/DSC_0002.JPG: added as photo 3" in out
    job = ImportJob.objects.get()
    assert (job.status, job.done, [entry["name"] for entry in job.results]) == (
        ImportJob.Status.DONE,
        3,
        [f"card/DSC_{n:04d}.JPG" for n in range(3)],
    )
    assert not [path for path in stored_files() if "imports" in path.parts]


@pytest.mark.django_db(transaction=True)
def test_import_gallery_queue_hands_the_zip_to_the_worker(tmp_path, settings):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.GALLERIES_RENDITION_LATER_FORMATS = []
    mission = make_mission()
    out = import_zip(mission, tmp_path, "--queue")
    assert f"Queued as import job {ImportJob.objects.get().pk}" in out
    assert not mission.photos.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    assert mission.photos.count() == 3


def test_the_upload_page_lists_earlier_zips_with_their_reports(editor_client, mission, tmp_path):
    import_zip(mission, tmp_path)
    job = ImportJob.objects.get()
    body = editor_client.get(reverse("admin:galleries_mission_upload", args=[mission.pk])).content.decode()
    assert reverse("admin:galleries_mission_import_job", args=[mission.pk, job.pk]) in body
    assert "3 of 3" in body
