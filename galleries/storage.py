"""Stored files: what a store raises when it is down, and deletions that wait for the transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.files.storage import Storage, default_storage
from django.db import transaction

logger = logging.getLogger(__name__)


def storage_errors() -> tuple[type[BaseException], ...]:
    """What storage backends raise when the store is down: OSError locally, botocore's on S3."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - the s3 extra is always installed with the project
        return (OSError,)
    return (OSError, BotoCoreError, ClientError)


def storage_delete(*, name: str | None, storage: Storage) -> None:
    """Delete one stored file now, logging (not raising) a failure: cleanup must not mask the real error.

    An empty name (a file field that holds nothing) is skipped."""
    if not name:
        return
    try:
        storage.delete(name)
    except storage_errors():
        logger.exception("Could not delete stored file %s", name)


# More files than this (a large photo's zoom tiles: hundreds) are deleted by the task worker: one
# request deleting them one by one from S3 would take seconds. Nothing links them by then.
DELETE_IN_REQUEST = 100


def storage_delete_on_commit(*, names: Iterable[str | None], storage: Storage = default_storage) -> None:
    """Delete stored files once the current transaction commits; a rollback keeps them. Empty names are skipped."""
    stored = [name for name in names if name]

    def delete_now() -> None:
        if len(stored) > DELETE_IN_REQUEST and storage is default_storage:
            # Imported here: galleries.tasks reaches this module through the rendition workflows.
            from galleries.tasks import stored_files_delete

            try:
                stored_files_delete.enqueue(names=stored)
                return
            except Exception:  # whatever a task backend raises when it is down: delete them here
                logger.exception("Could not queue the deletion of %d stored files", len(stored))
        storage_delete_all(names=stored, storage=storage)

    transaction.on_commit(delete_now)


def storage_delete_all(*, names: Iterable[str], storage: Storage = default_storage) -> int:
    """Delete every one of `names` now; one missing file or S3 hiccup does not stop the rest."""
    count = 0
    for name in names:
        storage_delete(name=name, storage=storage)
        count += 1
    return count
