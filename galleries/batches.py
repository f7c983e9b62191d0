"""Many files into one gallery at once: the upload page's files and zips, and `import_gallery`.

A batch is a folder or zip (galleries.archives) read in its manifest's order, each row giving the
fields of its photo; every file gets a result by name, a refused one with the reason, and one
file's failure never stops the others. Into a gallery readers can see, photos arrive held back
(hidden) until an editor releases them. Files already in the gallery (same sha256) are skipped,
so running a batch again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from galleries import avail, imaging, ingest
from galleries.archives import ArchiveError, ImageSource, Row
from galleries.models import Credit, Crewmember, ImportJob, Mission, Photo
from galleries.storage import storage_delete
from galleries.text import folded_words

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    """What became of one file: a photo (with the credit made for it from the file's own metadata,
    if one was), or the reason it was refused."""

    name: str
    photo: Photo | None = None
    error: str = ""
    new_credit: Credit | None = None


def batch_plan(source: ImageSource) -> tuple[list[Row], list[str]]:
    """The rows to import, in the manifest's order and then every other file by path, and the
    problems found (rows that name no file, or a base name several folders hold)."""
    problems: list[str] = []
    rows = []
    named = set()
    for row in source.manifest(problems):
        path = source.resolve(row.file)
        if path is None:
            if source.named(row.file) > 1:
                problem = f"several files are named “{row.file}”: give its folder too."
            else:
                problem = f"no file named “{row.file}”."
            problems.append(f"{source.manifest_name} line {row.line}: {problem}")
            continue
        named.add(path)
        rows.append(replace(row, file=path))
    rows += [Row(file=name) for name in sorted(source.names) if name not in named | source.refused]
    return avail_rows(source, rows, problems), problems


def avail_rows(source: ImageSource, rows: list[Row], problems: list[str]) -> list[Row]:
    """`rows` with the NASA-style metadata records beside their files (galleries.avail), less the
    library's smaller copies of an asset; raises ArchiveError for a record that cannot be read."""
    records, copies = avail.records(source, sorted(source.names), problems)
    planned = []
    for row in rows:
        if row.file in copies and not row.line:
            continue
        if (record := records.get(row.file)) is not None:
            try:
                row = avail.row_with_record(row, record)
            except ValueError as exc:
                problems.append(f"“{row.file}”: its metadata cannot be used: {exc}")
                continue
        planned.append(row)
    return planned


def batch_ingest(
    *, mission: Mission, source: ImageSource, rows: list[Row], default_credit: Credit | None, location: str = ""
) -> list[IngestResult]:
    """Ingest each row's file into `mission`, in order; one result a row, named by the file's path."""
    held_back = mission.is_public
    results = []
    for row in rows:
        try:
            fields = row_fields(row)
            upload = source.read(row.file)
        except ValueError as exc:
            results.append(IngestResult(name=row.file, error=str(exc)))
            continue
        if location:
            fields.setdefault("location", location)
        # A record's "NASA" for files that name nobody, unless the batch has a credit of its own.
        fallback = default_credit or (credit_named(row.fallback_credit) if row.fallback_credit else None)
        results.append(_ingest_one(mission, upload, fallback, held_back, row.file, fields))
    return results


def upload_ingest(
    *, mission: Mission, upload: File, default_credit: Credit | None = None, location: str = ""
) -> list[IngestResult]:
    """Add one uploaded image to `mission`'s gallery (zips become ImportJobs: import_job_start).
    `default_credit` is for files that name nobody."""
    name = imaging.display_name(upload.name or "")
    fields = {"location": location} if location else {}
    return [_ingest_one(mission, upload, default_credit, mission.is_public, name, fields)]


def _ingest_one(
    mission: Mission,
    upload: File,
    default_credit: Credit | None,
    held_back: bool,
    name: str,
    fields: dict[str, Any],
) -> IngestResult:
    existing = Photo.objects.filter(mission=mission, sha256=imaging.sha256_of(upload)).first()
    if existing:
        return IngestResult(name=name, photo=existing, error=f"already in this gallery as “{existing}”.")
    if fields.get("external_id"):  # the same asset again, whatever its bytes (galleries.avail)
        known = Photo.objects.filter(source=fields["source"], external_id=fields["external_id"]).first()
        if known:
            return IngestResult(name=name, photo=known, error=f"already imported as “{known}” ({known.external_id}).")
    new_credits: list[Credit] = []
    try:
        photo = ingest.photo_ingest(
            mission=mission,
            upload=upload,
            default_credit=default_credit,
            on_new_credit=new_credits.append,
            is_hidden=held_back,
            **fields,
        )
    except ingest.IngestError as exc:
        return IngestResult(name=name, error=exc.reason)
    return IngestResult(name=name, photo=photo, new_credit=new_credits[0] if new_credits else None)


def row_fields(row: Row) -> dict[str, Any]:
    """Photo fields from a manifest row; raises ValueError naming what is wrong."""
    texts = ("title", "caption", "alt_text", "long_description", "keywords", "source", "external_id")
    values: dict[str, Any] = {key: getattr(row, key) for key in texts if getattr(row, key)}
    if row.credit:
        values["credit"] = credit_named(row.credit)
    if row.taken_at:
        values["taken_at"] = parse_taken_at(row.taken_at)
    if row.people:
        people = []
        for name in row.people:
            match = Crewmember.objects.filter(name_folded=folded_words(name)).first()
            if match is None:
                raise ValueError(f"no crewmember named “{name}”.")
            people.append(match)
        values["people"] = people
    return values


def credit_names(text: str) -> tuple[str, str]:
    """The photographer and organization a "Photographer/Organization" line names (ValueError if none)."""
    photographer, _, organization = text.strip().partition("/")
    photographer, organization = photographer.strip(), organization.strip()
    if not (photographer or organization):
        raise ValueError(f"“{text}” names nobody (write “Photographer/Organization”).")
    if len(photographer) > 200 or len(organization) > 200:
        raise ValueError("A photographer or an organization is at most 200 characters.")
    return photographer, organization


def credit_named(text: str) -> Credit:
    """The credit a "Photographer/Organization" line names, created if it is new."""
    photographer, organization = credit_names(text)
    credit, _ = ingest.credit_for(photographer=photographer, organization=organization)
    return credit


def parse_taken_at(text: str) -> dt.datetime:
    moment = parse_datetime(text)
    if moment is None and (day := parse_date(text)):
        moment = dt.datetime.combine(day, dt.time(12))
    if moment is None:
        raise ValueError(f"“{text}” is not a date (use ISO 8601, e.g. 2018-06-04 or 2018-06-04T07:00+06:00).")
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def import_job_start(
    *, mission: Mission, upload: File, default_credit: Credit | None, location: str, user: Any
) -> ImportJob:
    """Keep an uploaded zip for unpacking, so the request that brought it answers at once.

    With a task worker (TASKS_BACKEND=database) the caller queues tasks.import_job_run; with the
    inline backend, each look at the job's progress does a few seconds of it (import_job_step).
    """
    job = ImportJob(
        mission=mission,
        archive_name=imaging.display_name(upload.name or "archive.zip"),
        default_credit=default_credit,
        location=location,
        created_by=user if getattr(user, "pk", None) else None,
    )
    job.archive.save("archive.zip", upload, save=False)
    try:
        job.save()
    except BaseException:
        storage_delete(name=job.archive.name, storage=job.archive.storage)
        raise
    return job


def jobs_run_in_requests() -> bool:
    """Whether tasks run inline (the default, immediate backend): then nobody else will run a job."""
    return settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


CLAIM_SECONDS = 120  # renewed after every file: a step that stopped answering frees the job this soon


def import_job_step(*, job: ImportJob, seconds: float | None) -> ImportJob:
    """Unpack the next files of `job` for about `seconds` (at least one file; None: to the end).

    Each file's photo and result are saved as it goes, so a step that is stopped halfway loses
    nothing: the next one starts with the first file not yet counted (one done but not counted
    is found again by its checksum and reported as already in the gallery). While a step works,
    it holds the job's claim, renewed after every file; no other step starts on a claimed job.
    """
    now = timezone.now()
    claim = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.WAITING)
    claim = claim.filter(models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now))
    if not claim.update(claimed_until=now + dt.timedelta(seconds=CLAIM_SECONDS)):
        job.refresh_from_db()
        return job  # finished, or another step is at work
    job.refresh_from_db()
    try:
        _unpack(job, seconds)
    except (ArchiveError, OSError) as exc:
        job.status = ImportJob.Status.FAILED
        job.results = [*job.results, {"name": "", "error": str(exc)}]
    except Exception:  # anything else: the job stops with a word for the editor, and the log says why
        logger.exception("Import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.results = [*job.results, {"name": "", "error": "the unpacking failed; see the log."}]
    job.claimed_until = None
    job.save(update_fields=["status", "results", "claimed_until", "updated_at"])
    if job.is_finished:
        storage_delete(name=job.archive.name, storage=job.archive.storage)
    return job


def _unpack(job: ImportJob, seconds: float | None) -> None:
    started = time.monotonic()
    with job.archive.open("rb") as stored, ImageSource.open(stored) as source:
        rows, problems = batch_plan(source)
        if job.total is None:
            job.total = len(rows)
            job.results = [{"name": source.manifest_name, "error": problem} for problem in problems]
            if not rows and not problems:
                job.results = [{"name": "", "error": "the archive holds no files."}]
        first = job.done
        while job.done < len(rows) and (seconds is None or job.done == first or time.monotonic() - started < seconds):
            (result,) = batch_ingest(
                mission=job.mission,
                source=source,
                rows=[rows[job.done]],
                default_credit=job.default_credit,
                location=job.location,
            )
            job.results.append(
                {
                    "name": result.name,
                    "line": rows[job.done].line,
                    "photo": result.photo.pk if result.photo else None,
                    "error": result.error,
                    "new_credit": result.new_credit.pk if result.new_credit else None,
                }
            )
            job.done += 1
            job.claimed_until = timezone.now() + dt.timedelta(seconds=CLAIM_SECONDS)
            job.save(update_fields=["total", "done", "results", "claimed_until", "updated_at"])
    if job.done >= len(rows):
        job.status = ImportJob.Status.DONE


def import_job_stalled(job: ImportJob) -> bool:
    """A job a worker should be unpacking that nobody is: queued long ago, or its claim ran out."""
    if job.is_finished:
        return False
    quiet_since = timezone.now() - dt.timedelta(seconds=CLAIM_SECONDS)
    return job.updated_at < quiet_since and (job.claimed_until is None or job.claimed_until < timezone.now())
