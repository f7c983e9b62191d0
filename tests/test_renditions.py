"""Renditions as pages, tasks and the command see them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from galleries import ingest, publishing
from galleries.models import Photo
from galleries.renditions import photo_renditions_render
from galleries.tasks import photo_renditions_build
from tests.factories import make_credit, make_mission, make_photo


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("regenerate_renditions", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.django_db
def test_renditions_are_recorded_on_the_row_and_exist_in_storage():
    photo = make_photo(size=(400, 300))
    recorded = photo.rendition_list()
    assert {(r.width, r.format) for r in recorded} == {(w, f) for w in (160, 320) for f in ("WEBP", "JPEG")} | {
        (400, "WEBP"),
        (400, "JPEG"),
    }
    for rendition in recorded:
        assert default_storage.size(rendition.name) == rendition.bytes
    assert photo.placeholder_color.startswith("#")
    assert len(photo.placeholder_color) == 7


@pytest.mark.django_db
def test_later_formats_are_added_by_a_second_task(settings):
    settings.GALLERIES_RENDITION_LATER_FORMATS = ["AVIF"]
    photo = make_photo(size=(200, 100), renditions=False)
    photo_renditions_build.enqueue(photo_id=photo.pk)  # the immediate backend runs both tasks now
    photo.refresh_from_db()
    assert set(photo.renditions_by_format()) == {"JPEG", "WEBP", "AVIF"}
    avif = photo.renditions_by_format()["AVIF"][0]
    with default_storage.open(avif.name) as stored:
        assert Image.open(stored).format == "AVIF"


@pytest.mark.django_db
def test_changing_the_credit_rewrites_the_rights_in_the_renditions(editor_client, django_capture_on_commit_callbacks):
    photo = make_photo(credit=make_credit(photographer="Victor Zelentsov", organization="NASA"))
    new_credit = make_credit(photographer="Joel Kowsky", organization="NASA")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:galleries_photo_change", args=[photo.pk]),
            {"mission": photo.mission.pk, "position": photo.position, "credit": new_credit.pk, "alt_text": "x"},
        )
    assert response.status_code == 302
    photo.refresh_from_db()
    with default_storage.open(photo.rendition_for(width=160).name) as stored:
        assert Image.open(stored).getexif()[0x013B] == "Joel Kowsky"


@pytest.mark.django_db
def test_a_photo_is_shown_only_once_its_renditions_exist(client):
    photo = make_photo(renditions=False)
    assert client.get(photo.get_absolute_url()).status_code == 404
    assert photo.key.hex not in client.get(photo.mission.get_absolute_url()).content.decode()
    photo_renditions_render(photo=photo)
    assert client.get(photo.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_replaced_original_keeps_its_own_renditions_when_an_old_job_finishes_late():
    photo = make_photo()
    stale_copy = Photo.objects.get(pk=photo.pk)
    Photo.objects.filter(pk=photo.pk).update(key="00000000-0000-0000-0000-000000000001", renditions=[])
    assert photo_renditions_render(photo=stale_copy) == []
    assert Photo.objects.get(pk=photo.pk).renditions == []


@pytest.mark.django_db
def test_command_rebuilds_missing_renditions_and_reports_progress():
    mission = make_mission(slug="expedition-56")
    complete = make_photo(mission=mission, title="Complete")
    empty = make_photo(mission=mission, title="Empty", renditions=False)
    output = run("--mission", "expedition-56", "--missing")
    assert "[1/1] expedition-56" in output
    assert "Empty" in output
    assert "Complete" not in output
    empty.refresh_from_db()
    assert empty.renditions
    assert complete.renditions
    assert "Done: 0 photo(s)" in run("--missing")  # a second run finds nothing to do


@pytest.mark.django_db
def test_command_reports_a_missing_original_and_goes_on():
    broken = make_photo(title="Lost original")
    fine = make_photo(title="Fine", renditions=False)
    Path(broken.image.path).unlink()
    with pytest.raises(CommandError, match="1 photo"):
        run()
    fine.refresh_from_db()
    assert fine.renditions


@pytest.mark.django_db
def test_command_refuses_an_unknown_mission():
    with pytest.raises(CommandError, match="No mission"):
        run("--mission", "nope")


@pytest.mark.django_db(transaction=True)
def test_database_queue_and_worker_build_renditions_in_the_background(settings):
    """Production's set-up: the upload only queues the job; `db_worker` makes the renditions."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.GALLERIES_RENDITION_LATER_FORMATS = ["AVIF"]
    photo = make_photo(renditions=False, size=(300, 200))
    ingest.photo_save(photo=photo, rights_changed=True)
    photo.refresh_from_db()
    assert photo.renditions == []  # queued, not built
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    photo.refresh_from_db()
    assert set(photo.renditions_by_format()) == {"JPEG", "WEBP", "AVIF"}


@pytest.mark.django_db
def test_pictures_carry_a_placeholder_colour_class(client):
    # The colour comes from a class, not an inline style (tests/test_views_photos.py forbids those).
    photo = make_photo(size=(64, 48))
    body = client.get(photo.mission.get_absolute_url()).content.decode()
    assert 'class="ph-' in body


@pytest.mark.django_db
def test_hiding_a_photo_moves_its_renditions_to_new_addresses(django_capture_on_commit_callbacks):
    photo = make_photo()
    old_names = photo.rendition_names()
    photo.is_hidden = True
    with django_capture_on_commit_callbacks(execute=True):
        ingest.photo_save(photo=photo)
    photo.refresh_from_db()
    assert photo.renditions
    assert not set(photo.rendition_names()) & set(old_names)
    assert not any(default_storage.exists(name) for name in old_names)
    assert all(default_storage.exists(name) for name in photo.rendition_names())
    assert default_storage.exists(photo.image.name)  # the original stays


@pytest.mark.django_db
def test_unpublishing_a_gallery_retires_its_public_rendition_addresses(django_capture_on_commit_callbacks):
    mission = make_mission()
    photos = [make_photo(mission=mission) for _ in range(2)]
    old_names = {name for photo in photos for name in photo.rendition_names()}
    with django_capture_on_commit_callbacks(execute=True):
        publishing.mission_unpublish(mission=mission)
    new_names = {name for photo in Photo.objects.filter(mission=mission) for name in photo.rendition_names()}
    assert new_names
    assert not new_names & old_names
    assert not any(default_storage.exists(name) for name in old_names)


@pytest.mark.django_db
def test_command_makes_the_full_size_copies_photos_lack_and_leaves_their_renditions():
    photo = make_photo(size=(400, 300))
    renditions = photo.renditions
    assert "Done: 1 full-size copies made, 0 failed." in run("--full-size")
    photo.refresh_from_db()
    assert photo.full_size["width"] == 400
    assert photo.renditions == renditions
    assert "Done: 0 full-size copies made" in run("--full-size")  # a second run finds nothing to do
