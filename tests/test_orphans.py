"""The orphan sweep: files no photo refers to are listed, and removed only when asked."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command

from galleries.crops import photo_crops_render
from galleries.downloads import photo_full_size_render
from tests.factories import make_crewmember, make_mission, make_photo
from tests.test_small_pictures import with_picture


def sweep(*args: str) -> str:
    out = io.StringIO()
    call_command("media_orphans", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_orphans_are_listed_then_removed_and_photos_keep_their_files():
    photo = make_photo()
    storages["originals"].save("originals/lost.jpg", ContentFile(b"x"))
    default_storage.save("renditions/0123/320.jpg", ContentFile(b"y"))
    listed = sweep()
    assert "orphan: originals/lost.jpg" in listed
    assert "orphan: renditions/0123/320.jpg" in listed
    assert "2 orphan file(s) found" in listed
    assert storages["originals"].exists("originals/lost.jpg")  # a dry run by default
    assert "2 orphan file(s) removed" in sweep("--delete")
    assert not storages["originals"].exists("originals/lost.jpg")
    assert photo.image.storage.exists(photo.image.name)
    assert all(default_storage.exists(name) for name in photo.rendition_names())
    assert "0 orphan file(s)" in sweep()


@pytest.mark.django_db
def test_a_photos_crops_are_not_orphans():
    photo = make_photo(size=(300, 200))
    assert photo_crops_render(photo=photo)
    assert "0 orphan file(s) found" in sweep()


@pytest.mark.django_db
def test_an_empty_library_has_no_orphans():
    assert "0 orphan file(s) found" in sweep()


@pytest.mark.django_db
def test_a_stray_full_size_copy_is_an_orphan_and_a_photos_own_is_kept():
    photo = make_photo(size=(400, 300))
    assert photo_full_size_render(photo=photo)
    default_storage.save("downloads/0123/full-lost.jpg", ContentFile(b"z"))
    listed = sweep("--delete")
    assert "removed: downloads/0123/full-lost.jpg" in listed
    assert "1 orphan file(s) removed" in listed
    assert default_storage.exists(photo.full_size["name"])


@pytest.mark.django_db
def test_patch_and_portrait_renditions_are_kept_and_stray_pictures_listed(django_capture_on_commit_callbacks):
    mission = with_picture(make_mission(), "patch", django_capture_on_commit_callbacks)
    person = with_picture(make_crewmember(), "portrait", django_capture_on_commit_callbacks)
    default_storage.save("pictures/0123abcd/96.jpg", ContentFile(b"x"))
    assert "1 orphan file(s) removed" in sweep("--delete")
    kept = [entry["name"] for entry in mission.patch_renditions["files"] + person.portrait_renditions["files"]]
    assert all(default_storage.exists(name) for name in kept)
