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


def storage_delete_on_commit(*, names: Iterable[str | None], storage: Storage = default_storage) -> None:
    """Delete stored files once the current transaction commits; a rollback keeps them. Empty names are skipped."""
    stored = [name for name in names if name]

    def delete_now() -> None:
        for name in stored:  # one missing file or S3 hiccup must not stop the rest
            storage_delete(name=name, storage=storage)

    transaction.on_commit(delete_now)
