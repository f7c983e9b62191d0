"""A photo's renditions in storage: made from its original, recorded on its row, retired when it goes private.

Scheduling them in the background is galleries.tasks' job; this module never imports it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from galleries import imaging
from galleries.cache import content_changed
from galleries.models import Photo, Rendition, rendition_name
from galleries.storage import storage_delete_on_commit


def photo_renditions_render(*, photo: Photo, formats: list[str] | None = None) -> list[Rendition]:
    """Make and store `photo`'s renditions in `formats` (default: GALLERIES_RENDITION_FORMATS).

    Stored names are stable (`renditions/<key>/<width>.<ext>`), so a re-run overwrites instead of
    piling up, and the names work unchanged on S3. The row is updated only if the photo still has
    the original that was rendered; an original replaced meanwhile keeps its own renditions.
    """
    formats = formats or settings.GALLERIES_RENDITION_FORMATS
    specs = imaging.rendition_specs(
        source_width=photo.width or 1, widths=settings.GALLERIES_RENDITION_WIDTHS, formats=formats
    )
    with photo.image.open("rb") as source:
        rendered = imaging.render(source, specs, rights=photo.rights())
    names = []
    for image in rendered:
        name = rendition_name(photo, image.spec.width, image.spec.format)
        if default_storage.exists(name):
            default_storage.delete(name)
        names.append(default_storage.save(name, ContentFile(image.data)))
    with transaction.atomic():
        current = Photo.objects.select_for_update().filter(pk=photo.pk, key=photo.key).first()
        if current is None:  # deleted or replaced while we worked: these files belong to nobody
            storage_delete_on_commit(names=names)
            return []
        stale = set(current.rendition_names())
        current.set_renditions(rendered, names)
        smallest = min(rendered, key=lambda image: image.width)
        current.placeholder_color = current.placeholder_color or imaging.dominant_color(smallest.data)
        current.save(update_fields=["renditions", "placeholder_color"])
        content_changed()
        storage_delete_on_commit(names=stale - set(current.rendition_names()))
    photo.renditions, photo.placeholder_color = current.renditions, current.placeholder_color
    return photo.rendition_list()


def photo_renditions_retire(*, photo: Photo) -> None:
    """Give `photo` a new key, so its renditions move to new, unpublished addresses.

    The old files go once the transaction commits; the caller saves the row and schedules new
    renditions. The original keeps its name (originals are never public on S3).
    """
    storage_delete_on_commit(names=photo.rendition_names())
    photo.key = uuid.uuid4()
    photo.renditions = []
