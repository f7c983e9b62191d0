"""Readers see only what editors approved: no public surface ever links an original, a photo is shown
only once it is ready, and every way a photo stops being public retires its rendition addresses."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from galleries import batches
from galleries.models import Mission, Photo
from galleries.renditions import RenditionFailed, photo_renditions_render
from tests.admin_forms import mission_form, photo_form
from tests.factories import make_credit, make_crew, make_crewmember, make_mission, make_photo
from tests.images import jpeg_bytes, real_path

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def gallery():
    mission = make_mission(slug="expedition-56", title="Expedition 56")
    for title in ("Making Their Mark", "Rehearsal Time"):
        make_photo(mission=mission, title=title)
    return mission


def rendition_urls(mission: Mission) -> list[str]:
    return [rendition.url for photo in mission.photos.all() for rendition in photo.rendition_list()]


def reader_pages(mission: Mission) -> list[str]:
    """Every public page that could show a photo of `mission`, photo pages included."""
    crewmember = mission.crew.first()
    pages = [
        "/",
        mission.get_absolute_url(),
        "/feed/",
        "/sitemap-missions.xml",
        "/sitemap-photos.xml",
        "/search/?q=expedition",
    ]
    pages += [photo.get_absolute_url() for photo in mission.photos.all()]
    return pages + ([crewmember.crewmember.get_absolute_url()] if crewmember else [])


def upload(mission: Mission, name: str) -> None:
    """A bulk upload of one file (a picture no other test photo has), as the upload page makes it."""
    data = jpeg_bytes((72, 40), "teal")
    (result,) = batches.upload_ingest(
        mission=mission, upload=SimpleUploadedFile(name, data), default_credit=make_credit()
    )
    assert not result.error


# --- No original on any public surface -------------------------------------------------------------


def test_photos_waiting_for_the_worker_are_on_no_public_page_and_no_page_links_an_original(settings):
    settings.TASKS = DATABASE_TASKS  # production's queue, and no worker runs
    mission = make_mission(title="Expedition 57")
    make_crew(mission, make_crewmember())
    photo = make_photo(mission=mission)  # ready: the gallery is public
    upload(mission, "pending.jpg")
    pending = mission.photos.exclude(pk=photo.pk).get()
    pending.is_hidden = False  # released by an editor before its renditions exist
    pending.save()
    reader = Client()
    for page in reader_pages(mission):
        body = reader.get(page).content.decode()
        assert "originals" not in body, page
        assert pending.key.hex not in body, page
    assert reader.get(pending.get_absolute_url()).status_code == 404


def test_a_store_that_refuses_renditions_leaves_the_photo_off_every_page_with_the_reason_kept():
    mission = make_mission(title="Expedition 58")
    photo = make_photo(mission=mission, renditions=False)
    with (
        mock.patch.object(default_storage, "save", side_effect=OSError("bucket is read-only")),
        pytest.raises(RenditionFailed),
    ):
        photo_renditions_render(photo=photo)
    photo.refresh_from_db()
    assert "bucket is read-only" in photo.rendition_error
    reader = Client()
    for page in reader_pages(mission):
        assert "originals" not in reader.get(page).content.decode(), page
    assert reader.get(photo.get_absolute_url()).status_code == 404


def test_the_failed_filter_lists_photos_whose_renditions_failed(editor_client):
    failed = make_photo(renditions=False, title="Broken frame")
    Photo.objects.filter(pk=failed.pk).update(rendition_error="ValueError: image has wrong mode")
    make_photo(title="Good frame")
    body = editor_client.get(reverse("admin:galleries_photo_changelist") + "?readiness=failed").content.decode()
    assert "Broken frame" in body
    assert "Good frame" not in body


def test_the_photo_page_tells_the_editor_why_readers_do_not_see_it(editor_client):
    photo = make_photo(alt_text="")
    body = editor_client.get(reverse("admin:galleries_photo_change", args=[photo.pk])).content.decode()
    assert "Readers do not see this photo yet: no alt text." in body


# --- Held back until ready --------------------------------------------------------------------------


def test_a_bulk_upload_into_a_public_gallery_arrives_held_back(gallery):
    upload(gallery, "late-arrival.jpg")
    assert gallery.photos.get(original_filename="late-arrival.jpg").is_hidden


def test_a_bulk_upload_into_a_draft_gallery_is_not_held_back():
    draft = make_mission(status=Mission.Status.DRAFT, published_at=None)
    upload(draft, "early.jpg")
    assert not draft.photos.get().is_hidden


def test_releasing_held_back_photos_shows_the_ready_ones_and_names_the_rest(editor_client, gallery):
    ready = make_photo(mission=gallery, is_hidden=True, title="Ready frame")
    unready = make_photo(mission=gallery, is_hidden=True, title="Unready frame", alt_text="")
    response = editor_client.post(
        reverse("admin:galleries_photo_changelist"),
        {"action": "release", "_selected_action": [ready.pk, unready.pk]},
        follow=True,
    )
    assert "“Unready frame”</a> stays held back: no alt text." in response.content.decode()
    assert Client().get(ready.get_absolute_url()).status_code == 200
    assert Client().get(unready.get_absolute_url()).status_code == 404


# --- Every withdrawal retires the rendition addresses at once ---------------------------------------


def hide(client, gallery):
    photo = gallery.photos.first()
    client.post(reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, is_hidden="on"))


def remove_alt_text(client, gallery):
    photo = gallery.photos.first()
    client.post(reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, alt_text=""))


def move_to_a_draft(client, gallery):
    photo, draft = gallery.photos.first(), make_mission(status=Mission.Status.DRAFT, published_at=None)
    client.post(reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, mission=draft.pk))


def delete(client, gallery):
    photo = gallery.photos.first()
    client.post(reverse("admin:galleries_photo_delete", args=[photo.pk]), {"post": "yes"})


def unpublish_action(client, gallery):
    changelist = reverse("admin:galleries_mission_changelist")
    client.post(changelist, {"action": "unpublish", "_selected_action": [gallery.pk]})


def set_status_to_draft(client, gallery):
    data = mission_form(gallery, list(gallery.photos.all()), status=Mission.Status.DRAFT)
    client.post(reverse("admin:galleries_mission_change", args=[gallery.pk]), data)


def schedule_for_tomorrow(client, gallery):
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    data = mission_form(
        gallery,
        list(gallery.photos.all()),
        published_at_0=tomorrow.date().isoformat(),
        published_at_1=tomorrow.time().strftime("%H:%M:%S"),
    )
    client.post(reverse("admin:galleries_mission_change", args=[gallery.pk]), data)


WITHDRAWALS = [hide, remove_alt_text, move_to_a_draft, delete, unpublish_action, set_status_to_draft]


@pytest.mark.parametrize("withdraw", [*WITHDRAWALS, schedule_for_tomorrow], ids=lambda withdraw: withdraw.__name__)
def test_every_withdrawal_makes_the_old_rendition_addresses_answer_404(
    editor_client, gallery, withdraw, django_capture_on_commit_callbacks
):
    first = gallery.photos.first()
    old = [rendition.url for rendition in first.rendition_list()]
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(editor_client, gallery)
    reader = Client()
    assert old
    assert [reader.get(url).status_code for url in old] == [404] * len(old)
    assert reader.get(first.get_absolute_url()).status_code == 404


def test_a_withdrawn_photo_gets_renditions_at_new_addresses_for_when_it_returns(
    editor_client, gallery, django_capture_on_commit_callbacks
):
    photo = gallery.photos.first()
    old = set(photo.rendition_names())
    with django_capture_on_commit_callbacks(execute=True):
        hide(editor_client, gallery)
    photo.refresh_from_db()
    assert photo.renditions
    assert not old & set(photo.rendition_names())


def test_publish_now_brings_a_future_publication_time_forward(editor_client):
    scheduled = make_mission(published_at=timezone.now() + dt.timedelta(days=3))
    make_photo(mission=scheduled)
    editor_client.post(
        reverse("admin:galleries_mission_changelist"), {"action": "publish", "_selected_action": [scheduled.pk]}
    )
    scheduled.refresh_from_db()
    assert scheduled.is_public


# --- Credits: the photographer the file names wins over the batch credit ----------------------------


def test_the_files_photographer_wins_over_the_upload_pages_credit(gallery):
    batch = make_credit(photographer="Bill Ingalls", organization="NASA")
    (result,) = batches.upload_ingest(
        mission=gallery,
        upload=SimpleUploadedFile("long_description.jpg", real_path("long_description.jpg").read_bytes()),
        default_credit=batch,
    )
    assert result.photo.credit != batch


def test_the_upload_pages_credit_is_the_fallback_for_files_that_name_nobody(gallery):
    batch = make_credit(photographer="Bill Ingalls", organization="NASA")
    (result,) = batches.upload_ingest(
        mission=gallery, upload=SimpleUploadedFile("plain.jpg", jpeg_bytes((72, 40), "teal")), default_credit=batch
    )
    assert result.photo.credit == batch


def test_a_credit_made_from_a_files_metadata_is_reported_for_review(gallery):
    (result,) = batches.upload_ingest(
        mission=gallery,
        upload=SimpleUploadedFile("long_description.jpg", real_path("long_description.jpg").read_bytes()),
    )
    assert result.new_credit == result.photo.credit


# --- The editors' preview links to its own pages ----------------------------------------------------


def test_the_preview_links_its_photos_to_preview_pages_that_open_for_editors(editor_client):
    draft = make_mission(status=Mission.Status.DRAFT, published_at=None)
    photo = make_photo(mission=draft, title="Step One")
    preview_photo = reverse("admin:galleries_mission_preview_photo", args=[draft.pk, photo.pk])
    body = editor_client.get(reverse("admin:galleries_mission_preview", args=[draft.pk])).content.decode()
    assert f'href="{preview_photo}"' in body
    page = editor_client.get(preview_photo)
    assert page.status_code == 200
    assert "Step One" in page.content.decode()


def test_preview_pages_send_readers_to_sign_in(client):
    draft = make_mission(status=Mission.Status.DRAFT, published_at=None)
    photo = make_photo(mission=draft)
    response = client.get(reverse("admin:galleries_mission_preview_photo", args=[draft.pk, photo.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_photo_hidden_in_the_same_save_that_unpublishes_its_gallery_is_withdrawn_too(
    editor_client, gallery, django_capture_on_commit_callbacks
):
    photos = list(gallery.photos.in_order())
    old = [rendition.url for rendition in photos[0].rendition_list()]
    data = mission_form(gallery, photos, status=Mission.Status.DRAFT) | {"photos-0-is_hidden": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("admin:galleries_mission_change", args=[gallery.pk]), data)
    reader = Client()
    assert [reader.get(url).status_code for url in old] == [404] * len(old)
