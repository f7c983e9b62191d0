"""Workflows that write several models or touch stored files."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models import F, Max

from galleries import imaging
from galleries.models import Photo, Rendition

logger = logging.getLogger(__name__)


def storage_delete_on_commit(*, names: Iterable[str]) -> None:
    """Delete stored files once the current transaction commits; a rollback keeps them."""
    names = [name for name in names if name]

    def delete_now() -> None:
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.exception("Could not delete stored file %s", name)

    transaction.on_commit(delete_now)


def photo_save(*, photo: Photo, original_changed: bool) -> Photo:
    """Save `photo`; when its original is new, schedule renditions and retire the old files.

    If the row cannot be written, a newly stored original is removed again so nothing is orphaned.
    """
    previous = Photo.objects.filter(pk=photo.pk).first() if photo.pk and original_changed else None
    old_names = [previous.image.name, *previous.rendition_names()] if previous else []
    if photo.position is None:
        photo.position = Photo.objects.next_position(photo.mission)
    try:
        with transaction.atomic():
            photo.save()
            if previous:
                previous.renditions.all().delete()
    except DatabaseError:
        if original_changed and photo.image.name and photo.image.name not in old_names:
            default_storage.delete(photo.image.name)
        raise
    if original_changed:
        storage_delete_on_commit(names=old_names)
        photo_renditions_schedule(photo=photo)
    return photo


def photo_renditions_schedule(*, photo: Photo) -> None:
    """Build `photo`'s renditions in the background once the current transaction commits."""
    from galleries.tasks import photo_renditions_build

    transaction.on_commit(lambda: photo_renditions_build.enqueue(photo_id=photo.pk))


def photo_renditions_render(*, photo: Photo) -> list[Rendition]:
    """Make and store every configured rendition of `photo`, replacing any it had.

    Stored names are stable (`renditions/<key>/<width>.<ext>`), so they work unchanged on S3.
    """
    from django.conf import settings

    with photo.image.open("rb") as source:
        specs = imaging.rendition_specs(
            source_width=photo.width or 1,
            widths=settings.GALLERIES_RENDITION_WIDTHS,
            formats=settings.GALLERIES_RENDITION_FORMATS,
        )
        rendered = imaging.render(source, specs)
    old_names = set(photo.rendition_names())
    renditions = []
    for image in rendered:
        name = f"renditions/{photo.key.hex}/{image.spec.width}{RENDITION_EXTENSIONS[image.spec.format]}"
        if default_storage.exists(name):
            default_storage.delete(name)
        stored = default_storage.save(name, ContentFile(image.data))
        renditions.append(
            Rendition(
                photo=photo,
                width=image.width,
                height=image.height,
                format=image.spec.format,
                bytes=len(image.data),
                name=stored,
            )
        )
    with transaction.atomic():
        photo.renditions.all().delete()
        Rendition.objects.bulk_create(renditions)
    stale = old_names - {rendition.name for rendition in renditions}
    storage_delete_on_commit(names=stale)
    return renditions


RENDITION_EXTENSIONS = {"JPEG": ".jpg", "WEBP": ".webp", "AVIF": ".avif"}


@transaction.atomic
def photos_save(*, photos: list[tuple[Photo, bool]]) -> None:
    """Save several photos of one gallery whose positions may have been swapped or shuffled.

    Each item is (photo, original_changed). Rows that move are first parked past the highest
    position, so the unique (mission, position) constraint holds after every single UPDATE.
    """
    moving = [photo for photo, _ in photos if photo.pk is not None]
    if moving:
        mission = moving[0].mission
        wanted = [photo.position or 0 for photo, _ in photos]
        current = Photo.objects.filter(mission=mission).aggregate(top=Max("position"))["top"] or 0
        offset = max(current, *wanted) + 1
        Photo.objects.filter(pk__in=[photo.pk for photo in moving]).update(position=F("position") + offset)
    for photo, original_changed in photos:
        photo_save(photo=photo, original_changed=original_changed)
