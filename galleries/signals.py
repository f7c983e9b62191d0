"""The one signal handler: a deleted photo's files go once the deletion commits."""

from __future__ import annotations

from galleries.models import Photo
from galleries.storage import storage_delete_on_commit


def delete_photo_files(sender: type[Photo], instance: Photo, **kwargs: object) -> None:
    storage_delete_on_commit(names=[instance.image.name], storage=instance.image.storage)
    storage_delete_on_commit(names=instance.rendition_names())
