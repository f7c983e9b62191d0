from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from galleries.models.files import originals_storage
from galleries.models.mission import Mission


def archive_upload_to(job: ImportJob, filename: str) -> str:
    """Archives wait beside the originals (private), under a generated name."""
    return f"imports/{uuid.uuid4().hex}.zip"


class ImportJob(models.Model):
    """A zip uploaded into a gallery, unpacked in the background a file at a time.

    `done` counts the files of the archive's plan already handled, so a job that was stopped
    goes on where it was; `results` has one entry a file, as the upload page reports it.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="import_jobs")
    archive = models.FileField(upload_to=archive_upload_to, storage=originals_storage, max_length=255)
    archive_name = models.CharField(max_length=255)
    default_credit = models.ForeignKey("galleries.Credit", null=True, blank=True, on_delete=models.SET_NULL)
    location = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    total = models.PositiveIntegerField(null=True)  # files in the plan, once the archive was read
    done = models.PositiveIntegerField(default=0)
    # [{"name", "photo", "error", "new_credit"}, …]: ids, not copies, so the report shows rows as they are
    results = models.JSONField(default=list)
    # While a step works on the job, no other step starts on it (two open tabs, a worker and a tab).
    claimed_until = models.DateTimeField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.archive_name

    @property
    def is_finished(self) -> bool:
        return self.status != self.Status.WAITING
