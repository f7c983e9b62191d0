"""Background tasks: thin wrappers that load rows and call the rendition workflows, and how to ask for them."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.tasks import task

from galleries.crops import photo_crops_render
from galleries.downloads import photo_full_size_render
from galleries.models import Photo
from galleries.renditions import RenditionFailed, photo_renditions_render
from galleries.storage import storage_delete_all
from galleries.zoom import photo_zoom_render, zoom_wanted


@task
def photo_renditions_build(*, photo_id: int) -> int:
    """Build the renditions pages need first (JPEG, WebP), then queue the slower formats."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted before the worker got to it
        return 0
    try:
        made = len(photo_renditions_render(photo=photo))
    except RenditionFailed:  # recorded on the photo for editors; regenerate_renditions retries
        return 0
    if made:
        photo_crops_build.enqueue(photo_id=photo_id)  # the crops carry the rights statement too
    if made and settings.GALLERIES_RENDITION_LATER_FORMATS:
        photo_renditions_later.enqueue(photo_id=photo_id)
    if made:
        photo_full_size_build.enqueue(photo_id=photo_id)
    if made and zoom_wanted(photo):
        photo_zoom_build.enqueue(photo_id=photo_id)
    return made


@task(priority=-5)
def photo_full_size_build(*, photo_id: int) -> bool:
    """Make the full-size copy readers may download (galleries.downloads), after the renditions
    pages need: one more decode and encode at full resolution, so never in a request."""
    photo = Photo.objects.select_related("credit__default_license", "license").filter(pk=photo_id).first()
    return photo is not None and photo_full_size_render(photo=photo)


@task
def photo_crops_build(*, photo_id: int) -> int:
    """Make the art-directed crops (galleries.crops) for the photo's current focal point."""
    photo = Photo.objects.select_related("mission", "credit__default_license", "license").filter(pk=photo_id).first()
    return len(photo_crops_render(photo=photo)) if photo is not None else 0


@task(priority=-10)
def photo_renditions_later(*, photo_id: int) -> int:
    """Add the formats that take longest to encode (AVIF), after every photo has its first renditions."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return 0
    try:
        return len(photo_renditions_render(photo=photo, formats=settings.GALLERIES_RENDITION_LATER_FORMATS))
    except RenditionFailed:
        return 0


@task(priority=-20)
def photo_zoom_build(*, photo_id: int) -> int:
    """Make a large photo's deep-zoom tiles (galleries.zoom), after every photo has its renditions."""
    photo = Photo.objects.select_related("mission").filter(pk=photo_id).first()
    if photo is None:
        return 0
    return photo_zoom_render(photo=photo)


@task(priority=-30)
def stored_files_delete(*, names: list[str]) -> int:
    """Delete stored files no row names any more (a retired photo's zoom tiles: hundreds of them)."""
    return storage_delete_all(names=names)


def photo_renditions_schedule(*, photo: Photo) -> None:
    """Build `photo`'s renditions in the background once the current transaction commits."""
    photo_id = photo.pk
    transaction.on_commit(lambda: photo_renditions_build.enqueue(photo_id=photo_id))


def photo_crops_schedule(*, photo: Photo) -> None:
    """Remake `photo`'s crops in the background once the current transaction commits (a new focal point)."""
    photo_id = photo.pk
    transaction.on_commit(lambda: photo_crops_build.enqueue(photo_id=photo_id))


@task
def import_job_run(*, job_id: int) -> int:
    """Unpack an uploaded zip into its gallery, to the end; a job stopped halfway goes on where it was."""
    # Imported here: batches reaches this module through ingest (which schedules renditions).
    from galleries.batches import import_job_step
    from galleries.models import ImportJob

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return 0
    return import_job_step(job=job, seconds=None).done
