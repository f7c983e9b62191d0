"""Background tasks: thin wrappers that load rows and call services."""

from __future__ import annotations

import logging

from django.tasks import task

from galleries import services
from galleries.models import Photo

logger = logging.getLogger(__name__)


@task
def photo_renditions_build(*, photo_id: int) -> int:
    """Build the renditions of one photo; return how many were stored (0 if it is gone)."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted before the worker got to it
        return 0
    return len(services.photo_renditions_render(photo=photo))
