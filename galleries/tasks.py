"""Background tasks: thin wrappers that load rows and call services."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from galleries import services
from galleries.models import Photo


@task
def photo_renditions_build(*, photo_id: int) -> int:
    """Build the renditions pages need first (JPEG, WebP), then queue the slower formats."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted before the worker got to it
        return 0
    made = len(services.photo_renditions_render(photo=photo))
    if made and settings.GALLERIES_RENDITION_LATER_FORMATS:
        photo_renditions_later.enqueue(photo_id=photo_id)
    return made


@task(priority=-10)
def photo_renditions_later(*, photo_id: int) -> int:
    """Add the formats that take longest to encode (AVIF), after every photo has its first renditions."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return 0
    return len(services.photo_renditions_render(photo=photo, formats=settings.GALLERIES_RENDITION_LATER_FORMATS))
