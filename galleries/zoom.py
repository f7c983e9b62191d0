"""A photo's deep-zoom tiles in storage: made from its original after its renditions, recorded
on its row (Photo.zoom) so info.json needs no storage call, and gone with its renditions.

The files live under the photo's key (`renditions/<key>/zoom-<attempt>/…`), and Photo.rendition_names()
names them, so a retire, a replaced original, a deletion and the orphan sweep treat them as they
treat renditions. Scheduling is galleries.tasks' job; this module never imports it.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from galleries.cache import content_changed
from galleries.imaging import tiles
from galleries.models import Photo, zoom_prefix
from galleries.models.files import zoom_names
from galleries.renditions import failures
from galleries.storage import storage_delete, storage_delete_on_commit

logger = logging.getLogger(__name__)


def zoom_wanted(photo: Photo) -> bool:
    """Tiles are worth their storage for a photo wider than its widest rendition (below that a
    rendition already shows every pixel) and of at least GALLERIES_ZOOM_MIN_PIXELS pixels."""
    threshold = settings.GALLERIES_ZOOM_MIN_PIXELS
    width, height = photo.width or 0, photo.height or 0
    return bool(threshold) and width > max(settings.GALLERIES_RENDITION_WIDTHS) and width * height >= threshold


def photo_zoom_render(*, photo: Photo) -> int:
    """Make and store `photo`'s tiles, if it wants them and has none for its current picture;
    return how many files were stored.

    The row is updated only if the photo still has the key the tiles were made for; otherwise
    (retired, replaced or deleted meanwhile) they are deleted. A failure (an original Pillow
    cannot read, a store that refuses a file) is logged and leaves no file of the attempt behind:
    the photo is shown without zoom, as before.
    """
    if not zoom_wanted(photo) or photo.has_zoom or not photo.renditions:
        return 0
    prefix = zoom_prefix(photo, uuid.uuid4().hex[:8])
    names: list[str] = []
    try:
        with photo.image.open("rb") as source:
            for path, data in tiles.make_tiles(source):
                name = f"{prefix}/{path}"
                saved = default_storage.save(name, ContentFile(data))
                names.append(saved)
                if saved != name:  # the record names files by their layout: no renamed file may hide
                    raise OSError(f"Storage renamed {name} to {saved}")
        return _record(photo, prefix, names)
    except BaseException as exc:
        for name in names:
            storage_delete(name=name, storage=default_storage)
        if not isinstance(exc, failures()):
            raise
        logger.warning("Zoom tiles of photo %s failed: %s: %s", photo.pk, type(exc).__name__, exc)
        return 0


def _record(photo: Photo, prefix: str, names: list[str]) -> int:
    width, height = photo.width or 0, photo.height or 0
    record = {
        "key": photo.key.hex,
        "prefix": prefix,
        "width": width,
        "height": height,
        "tile": tiles.TILE_SIZE,
        "scale_factors": tiles.scale_factors(width, height),
        "sizes": [list(size) for size in tiles.listed_sizes(width, height)],
    }
    if set(zoom_names(record, photo.key.hex)) != set(names):  # the original's size is not the row's
        raise ValueError(f"Photo {photo.pk}'s original is not {width}x{height}")
    with transaction.atomic():
        current = Photo.objects.select_for_update().filter(pk=photo.pk, key=photo.key).first()
        if current is None:  # deleted or replaced while we worked: these files belong to nobody
            storage_delete_on_commit(names=names)
            return 0
        stale = zoom_names(current.zoom, current.key.hex)
        current.zoom = record
        current.skip_history_when_saving = True  # type: ignore[attr-defined]  # the pipeline's own field
        current.save(update_fields=["zoom"])
        content_changed(mission_slug=current.mission.slug)  # the photo page gains its Zoom button
        storage_delete_on_commit(names=stale)
    photo.zoom = record
    return len(names)
