"""The readers' page cache, against the local Redis when it is reachable (as in production), and the
caching headers public pages send to browsers and shared caches."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from galleries.models import Mission, Photo
from tests.admin_forms import photo_form
from tests.factories import make_credit, make_mission, make_photo
from tests.images import jpeg_bytes


@pytest.fixture
def gallery(db):
    mission = make_mission(slug="expedition-56", title="Expedition 56")
    make_photo(mission=mission, title="Making Their Mark")
    return mission


def test_second_view_of_a_page_comes_from_the_cache_without_queries(
    client, gallery, page_cache, django_assert_num_queries
):
    first = client.get("/missions/expedition-56/")
    assert first.status_code == 200
    assert "X-Cache" not in first
    assert "public" in first["Cache-Control"]
    assert "max-age=60" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get("/missions/expedition-56/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_editors_save_in_the_admin_shows_at_once(
    client, editor, gallery, page_cache, django_capture_on_commit_callbacks
):
    assert "Making Their Mark" in client.get("/missions/expedition-56/").content.decode()
    photo = Photo.objects.get()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:galleries_photo_change", args=[photo.pk]),
            {
                "mission": gallery.pk,
                "position": photo.position,
                "credit": photo.credit.pk,
                "title": "Rehearsal Time",
                "alt_text": "x",
            },
        )
    assert response.status_code == 302
    client.logout()
    body = client.get("/missions/expedition-56/").content.decode()
    assert "Rehearsal Time" in body
    assert "Making Their Mark" not in body


def test_deleting_a_gallery_in_the_admin_takes_the_page_down_at_once(
    client, editor, gallery, page_cache, django_capture_on_commit_callbacks
):
    assert client.get("/missions/expedition-56/").status_code == 200
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:galleries_mission_changelist"),
            {"action": "delete_selected", "_selected_action": [gallery.pk], "post": "yes"},
        )
    client.logout()
    assert client.get("/missions/expedition-56/").status_code == 404


def test_editors_with_a_session_never_get_cached_pages(client, editor, gallery, page_cache):
    client.get("/missions/expedition-56/")
    client.force_login(editor)
    response = client.get("/missions/expedition-56/")
    assert "X-Cache" not in response


def test_not_found_pages_and_the_admin_are_not_cached(client, db, page_cache):
    assert client.get("/missions/nope/").status_code == 404
    assert "X-Cache" not in client.get("/missions/nope/")
    assert "X-Cache" not in client.get("/admin/login/")
    assert "X-Cache" not in client.get("/healthz")


@pytest.fixture
def cache_down(settings):
    """A Redis that does not answer (nothing listens on port 9)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    settings.GALLERIES_PAGE_CACHE_SECONDS = 60


def test_pages_answer_when_the_cache_is_down(client, gallery, cache_down):
    assert client.get("/missions/expedition-56/").status_code == 200


def test_editors_sign_in_when_the_cache_is_down(client, editor, cache_down):
    editor.set_password("right password")
    editor.save()
    response = client.post("/admin/login/", {"username": "editor", "password": "right password"})
    assert response.status_code == 302


def test_an_admin_save_that_committed_answers_when_the_cache_is_down(
    editor_client, gallery, cache_down, django_capture_on_commit_callbacks
):
    photo = gallery.photos.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:galleries_photo_change", args=[photo.pk]), photo_form(photo, title="Rehearsal Time")
        )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.title == "Rehearsal Time"


def public_pages(gallery) -> list[str]:
    return ["/", gallery.get_absolute_url(), gallery.photos.get().get_absolute_url()]


def test_public_pages_may_be_kept_by_shared_caches(client, gallery):
    for url in public_pages(gallery):
        cache_control = client.get(url)["Cache-Control"]
        assert "public" in cache_control, url
        assert "max-age=" in cache_control, url


def test_public_pages_answer_their_etag_with_not_modified(client, gallery):
    for url in public_pages(gallery):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304, url


def test_a_bulk_upload_goes_on_when_the_cache_is_down(editor_client, cache_down, django_capture_on_commit_callbacks):
    mission = make_mission(status=Mission.Status.DRAFT, published_at=None)
    files = [SimpleUploadedFile(f"{color}.jpg", jpeg_bytes((64, 48), color)) for color in ("red", "blue")]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:galleries_mission_upload", args=[mission.pk]), {"files": files, "credit": make_credit().pk}
        )
    assert response.status_code == 200
    assert mission.photos.count() == 2


@pytest.fixture
def two_galleries(gallery):
    other = make_mission(slug="expedition-57", title="Expedition 57")
    make_photo(mission=other, title="Soyuz rollout")
    return gallery, other


def caption_saved_on_the_desk(client, editor, mission, capture) -> None:
    photo = mission.photos.get()
    client.force_login(editor)
    with capture(execute=True):
        client.post(
            reverse("admin:galleries_mission_desk_photo", args=[mission.pk, photo.pk]),
            {"title": photo.title, "caption": "Corrected on the desk", "alt_text": photo.alt_text},
        )
    client.logout()


def test_an_edit_to_one_missions_photo_leaves_another_missions_pages_cached(
    client, editor, two_galleries, page_cache, django_capture_on_commit_callbacks
):
    edited, other = two_galleries
    other_photo = other.photos.get().get_absolute_url()
    for url in ("/", edited.get_absolute_url(), other.get_absolute_url(), other_photo):
        client.get(url)
    caption_saved_on_the_desk(client, editor, edited, django_capture_on_commit_callbacks)
    assert client.get(other.get_absolute_url())["X-Cache"] == "hit"
    assert client.get(other_photo)["X-Cache"] == "hit"
    assert "Corrected on the desk" in client.get(edited.get_absolute_url()).content.decode()


def test_an_edit_to_a_photo_refreshes_the_pages_that_list_photos_of_every_mission(
    client, editor, two_galleries, page_cache, django_capture_on_commit_callbacks
):
    edited, _ = two_galleries
    client.get("/search/?q=corrected")
    caption_saved_on_the_desk(client, editor, edited, django_capture_on_commit_callbacks)
    response = client.get("/search/?q=corrected")
    assert "X-Cache" not in response
    assert "Making Their Mark" in response.content.decode()  # found by its new caption


def test_a_change_to_a_mission_itself_refreshes_every_page(
    client, two_galleries, page_cache, django_capture_on_commit_callbacks
):
    from galleries import publishing

    edited, other = two_galleries
    client.get(other.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        publishing.mission_unpublish(mission=edited)
    assert "X-Cache" not in client.get(other.get_absolute_url())
