"""An uploaded zip's unpacking: its progress and per-file results, as a page and as JSON."""

from __future__ import annotations

from typing import TypedDict

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from galleries import batches, tasks
from galleries.models import Credit, ImportJob, Mission, Photo


class UploadRow(TypedDict):
    """One file's line in the upload report, and in the JSON the upload page's script reads."""

    name: str
    ok: bool
    photo: int | None
    message: str
    url: str
    credit_message: str
    credit_url: str


def upload_row(result: batches.IngestResult) -> UploadRow:
    photo, credit = result.photo, result.new_credit
    message = result.error
    if photo and not message:
        message = f"added as photo {photo.position + 1}"
        if photo.is_hidden:
            message += ", held back until you release it (the gallery is public)"
    return {
        "name": result.name,
        "ok": not result.error,
        "photo": photo.pk if photo and not result.error else None,
        "message": message,
        "url": reverse("admin:galleries_photo_change", args=[photo.pk]) if photo else "",
        "credit_message": f"new credit “{credit}” made from the file: review it" if credit else "",
        "credit_url": reverse("admin:galleries_credit_change", args=[credit.pk]) if credit else "",
    }


def import_job_begin(job: ImportJob) -> ImportJob:
    """Set `job` going: queue it for the worker, or, with the inline backend, do its first seconds now."""
    if batches.jobs_run_in_requests():
        return batches.import_job_step(job=job, seconds=settings.GALLERIES_IMPORT_STEP_SECONDS)
    transaction.on_commit(lambda: tasks.import_job_run.enqueue(job_id=job.pk))
    return job


def job_rows(job: ImportJob) -> list[UploadRow]:
    """The job's results so far, one row a file, with the photos and credits as they are now."""
    photos = Photo.objects.in_bulk([entry["photo"] for entry in job.results if entry.get("photo")])
    credits = Credit.objects.in_bulk([entry["new_credit"] for entry in job.results if entry.get("new_credit")])
    return [
        upload_row(
            batches.IngestResult(
                name=f"{job.archive_name}: {entry['name']}" if entry["name"] else job.archive_name,
                photo=photos.get(entry.get("photo") or 0),
                error=entry.get("error", ""),
                new_credit=credits.get(entry.get("new_credit") or 0),
            )
        )
        for entry in job.results
    ]


def job_state(job: ImportJob) -> dict[str, object]:
    return {
        "url": reverse("admin:galleries_mission_import_job", args=[job.mission_id, job.pk]),
        "name": job.archive_name,
        "finished": job.is_finished,
        "done": job.done,
        "total": job.total,
    }


def import_job_view(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: int, job_id: int) -> HttpResponse:
    mission = get_object_or_404(Mission, pk=object_id)
    if not (model_admin.has_change_permission(request, mission) and request.user.has_perm("galleries.add_photo")):
        raise PermissionDenied
    job = get_object_or_404(ImportJob, pk=job_id, mission=mission)
    if not job.is_finished and batches.jobs_run_in_requests():
        job = batches.import_job_step(job=job, seconds=settings.GALLERIES_IMPORT_STEP_SECONDS)
    elif batches.import_job_stalled(job):  # its worker died, or the queue lost it: ask again
        transaction.on_commit(lambda: tasks.import_job_run.enqueue(job_id=job.pk))
    rows = job_rows(job)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({**job_state(job), "results": rows})
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Unpacking {job.archive_name} into {mission}",
        "opts": model_admin.model._meta,
        "original": mission,
        "job": job,
        "results": rows,
        "added": sum(row["ok"] for row in rows),
    }
    return TemplateResponse(request, "admin/galleries/mission/import_job.html", context)
