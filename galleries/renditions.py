"""A photo's renditions in storage: made from its original, recorded on its row, retired when it goes private.

Scheduling them in the background is galleries.tasks' job; this module never imports it.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction

from galleries import imaging
from galleries.cache import content_changed
from galleries.models import Photo, Rendition, rendition_name
from galleries.storage import storage_delete, storage_delete_on_commit, storage_errors

logger = logging.getLogger(__name__)


class RenditionFailed(Exception):
    """A photo's renditions could not be made; the reason is kept on its row for editors."""


def photo_renditions_render(*, photo: Photo, formats: list[str] | None = None) -> list[Rendition]:
    """Make and store `photo`'s renditions in `formats` (default: GALLERIES_RENDITION_FORMATS).

    Each attempt writes new names (`renditions/<key>/<width>-<attempt>.<ext>`, the same on S3) and
    the ones it replaces are deleted once the row is updated, so pages never point at a missing
    file. The row is updated only if the photo still has the original that was rendered; an
    original replaced meanwhile keeps its own renditions. An original that cannot be rendered, or a
    store that refuses the files, raises RenditionFailed after recording why on the row
    (`rendition_error`); no file of the attempt is kept, and the recorded ones are untouched.
    """
    formats = formats or settings.GALLERIES_RENDITION_FORMATS
    specs = imaging.rendition_specs(
        source_width=photo.width or 1, widths=settings.GALLERIES_RENDITION_WIDTHS, formats=formats
    )
    names: list[str] = []
    attempt = uuid.uuid4().hex[:8]
    try:
        with photo.image.open("rb") as source:
            rendered = imaging.render(source, specs, rights=photo.rights())
        for image in rendered:
            name = rendition_name(photo, image.spec.width, image.spec.format, attempt)
            names.append(default_storage.save(name, ContentFile(image.data)))
        return _record(photo, rendered, names)
    except BaseException as exc:
        for name in names:  # this attempt's own files only: the recorded ones stay in use
            storage_delete(name=name, storage=default_storage)
        if not isinstance(exc, failures()):
            raise

        reason = f"{type(exc).__name__}: {exc}"[:500]
        logger.warning("Renditions of photo %s failed: %s", photo.pk, reason)
        try:
            Photo.objects.filter(pk=photo.pk, key=photo.key).update(rendition_error=reason)
        except DatabaseError:
            logger.exception("Could not record why the renditions of photo %s failed", photo.pk)
        raise RenditionFailed(reason) from exc


def failures() -> tuple[type[BaseException], ...]:
    """What making renditions raises when it cannot: a file Pillow cannot render, a full or
    unreachable store, a database that went away while we worked."""
    return (ValueError, MemoryError, DatabaseError, *storage_errors())


def _record(photo: Photo, rendered: list[imaging.RenderedImage], names: list[str]) -> list[Rendition]:
    with transaction.atomic():
        current = Photo.objects.select_for_update().filter(pk=photo.pk, key=photo.key).first()
        if current is None:  # deleted or replaced while we worked: these files belong to nobody
            storage_delete_on_commit(names=names)
            return []
        stale = set(current.rendition_names())
        current.set_renditions(rendered, names)
        smallest = min(rendered, key=lambda image: image.width)
        current.placeholder_color = current.placeholder_color or imaging.dominant_color(smallest.data)
        current.rendition_error = ""
        current.skip_history_when_saving = True  # type: ignore[attr-defined]  # the pipeline's own fields: no editorial change
        current.save(update_fields=["renditions", "placeholder_color", "rendition_error"])
        content_changed(mission_slug=current.mission.slug)
        storage_delete_on_commit(names=stale - set(current.rendition_names()))
    photo.renditions, photo.placeholder_color = current.renditions, current.placeholder_color
    photo.rendition_error = ""
    return photo.rendition_list()


def photo_renditions_retire(*, photo: Photo) -> None:
    """Give `photo` a new key, so its renditions move to new, unpublished addresses.

    The old files go once the transaction commits; the caller saves the row and schedules new
    renditions. The original keeps its name (originals are never public on S3).
    """
    storage_delete_on_commit(names=photo.rendition_names())  # the full-size copy and zoom tiles too
    photo.key = uuid.uuid4()
    photo.renditions = []
    photo.full_size = {}
    photo.zoom = {}
