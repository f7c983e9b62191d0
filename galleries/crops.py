"""A photo's art-directed crops in storage: made around its focal point, recorded among its renditions.

The crops are entries of the photo's `renditions` with a "crop" key ("3:2", "1:1", "social"), so
they share the renditions' life: stored under the photo's key, retired, replaced and deleted with
them, and known to the orphan sweep. Everything that picks a rendition of the whole picture
(Photo.rendition_for, renditions_by_format, galleries.pictures) skips them.

Scheduling them in the background is galleries.tasks' job; this module never imports it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction

from galleries.cache import content_changed
from galleries.imaging.cropping import RenderedCrop, render_crops
from galleries.models import Photo
from galleries.models.files import crop_name
from galleries.storage import storage_delete, storage_delete_on_commit, storage_errors

logger = logging.getLogger(__name__)


def photo_crops_render(*, photo: Photo) -> list[dict[str, Any]]:
    """Make and store `photo`'s crops for its current framing, and record them in place of the old.

    New names every time (the media server marks renditions immutable, so a CDN or browser sees a
    new framing only under a new name); the pages keep the old crops until the new ones are
    recorded, and the old files go once that commits. Nothing is recorded (and this attempt's files
    are deleted) if the photo has no renditions of the whole picture, or its original or framing
    changed while we worked: the change schedules its own crops. A crop that cannot be made is
    logged, not raised: pages then show the whole picture, as before crops existed.
    """
    if not photo.renditions or not photo.width or not photo.height:
        return []
    framing, attempt = photo.framing(), uuid.uuid4().hex[:8]
    names: list[str] = []
    try:
        with photo.image.open("rb") as source:
            made = render_crops(
                source,
                size=(photo.width, photo.height),
                focal=photo.focal_point,
                rect=photo.crop_rect,
                rights=photo.rights(),
            )
        for crop in made:
            names.append(
                default_storage.save(
                    crop_name(photo, crop.label, crop.width, crop.format, attempt), ContentFile(crop.data)
                )
            )
        return _record(photo, framing, made, names)
    except BaseException as exc:
        for name in names:
            storage_delete(name=name, storage=default_storage)
        if not isinstance(exc, (ValueError, MemoryError, DatabaseError, *storage_errors())):
            raise
        logger.warning("Crops of photo %s failed: %s: %s", photo.pk, type(exc).__name__, exc)
        return []


def _record(
    photo: Photo, framing: tuple[float | None, ...], made: list[RenderedCrop], names: list[str]
) -> list[dict[str, Any]]:
    entries = [
        {"width": c.width, "height": c.height, "format": c.format, "bytes": len(c.data), "name": name, "crop": c.label}
        for c, name in zip(made, names, strict=True)
    ]
    with transaction.atomic():
        current = Photo.objects.select_for_update().filter(pk=photo.pk, key=photo.key).first()
        whole = [entry for entry in current.renditions if not entry.get("crop")] if current else []
        if current is None or not whole or current.framing() != framing:
            storage_delete_on_commit(names=names)  # retired, replaced or reframed meanwhile
            return []
        stale = [entry["name"] for entry in current.renditions if entry.get("crop")]
        current.renditions = whole + entries
        current.skip_history_when_saving = True  # type: ignore[attr-defined]  # the pipeline's own field
        current.save(update_fields=["renditions"])
        content_changed(mission_slug=current.mission.slug)
        storage_delete_on_commit(names=stale)
    photo.renditions = current.renditions
    return entries
