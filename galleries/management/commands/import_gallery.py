"""Import a folder or zip archive of photos, with an optional manifest, into a mission's gallery."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from galleries import batches, tasks
from galleries.archives import ArchiveError, ImageSource
from galleries.models import Credit, ImportJob, Mission, Photo


class Command(BaseCommand):
    help = (
        "Import the images of a folder or .zip into a mission's gallery, in the order of its manifest.csv or "
        "manifest.json (columns: file, title, caption, alt_text, credit as “Photographer/Organization”, "
        "taken_at as ISO 8601, people as names separated by “;”), then any other images by path. "
        "NASA-style metadata.json records (AVAIL fields) beside the files, in a folder per asset or in one "
        "collection metadata.json, fill the fields a manifest row leaves empty (docs/open-data.md). "
        "Files already in the gallery (same sha256, or a NASA ID imported before) are skipped, so running it "
        "again adds nothing. "
        "A zip becomes an import job, listed on the mission's upload page like one uploaded there."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A folder or a .zip archive.")
        parser.add_argument("--mission", required=True, metavar="SLUG", help="The mission to add the photos to.")
        parser.add_argument(
            "--credit",
            default="",
            metavar="PHOTOGRAPHER/ORGANIZATION",
            help="Credit for photos whose row and file name none, e.g. “Joel Kowsky/NASA”.",
        )
        parser.add_argument("--location", default="", help="Location for photos whose row gives none.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand a zip to the task worker and return at once (needs TASKS_BACKEND=database).",
        )

    def handle(
        self, *args: str, path: str, mission: str, credit: str, location: str, queue: bool, **options: Any
    ) -> None:
        target = Mission.objects.filter(slug=mission).first()
        if target is None:
            raise CommandError(f"No mission with the slug “{mission}”.")
        source = Path(path)
        if not source.exists():
            raise CommandError(f"{path} does not exist.")
        if source.is_file() and not zipfile.is_zipfile(source):
            raise CommandError(f"{path} is neither a folder nor a zip archive.")
        if queue and (source.is_dir() or batches.jobs_run_in_requests()):
            raise CommandError("--queue is for a zip, with a task worker (TASKS_BACKEND=database).")
        try:
            # For files that name nobody: the photographer a file names wins over it.
            default_credit = batches.credit_named(credit) if credit.strip() else None
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        location = location.strip()[:200]
        if source.is_dir():
            results, problems = self.folder(target, source, default_credit, location)
        else:
            job, manifest_name = self.job(target, source, default_credit, location)
            if queue:
                tasks.import_job_run.enqueue(job_id=job.pk)
                self.stdout.write(f"Queued as import job {job.pk}: the mission's upload page shows its progress.")
                return
            results, problems = self.unpack(job, manifest_name)
        added = sum(1 for result in results if result.photo and not result.error)
        skipped = sum(1 for result in results if result.photo and result.error)
        self.stdout.write(f"Done: {added} added, {skipped} already in the gallery, {len(problems)} problem(s).")
        if problems:
            for problem in problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{len(problems)} file(s) or row(s) were not imported; see above.")

    def folder(
        self, mission: Mission, path: Path, default_credit: Credit | None, location: str
    ) -> tuple[list[batches.IngestResult], list[str]]:
        """A folder's files are on this disk already: they are read one at a time, here."""
        try:
            with ImageSource.open(path) as files:
                rows, problems = batches.batch_plan(files)
                results = []
                for number, row in enumerate(rows, start=1):
                    (result,) = batches.batch_ingest(
                        mission=mission, source=files, rows=[row], default_credit=default_credit, location=location
                    )
                    results.append(result)
                    where = f"{files.manifest_name} line {row.line}, “{row.file}”" if row.line else ""
                    problems += self.report(f"[{number}/{len(rows)}]", result, where)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        return results, problems

    def job(self, mission: Mission, path: Path, default_credit: Credit | None, location: str) -> tuple[ImportJob, str]:
        """The zip, kept as a job, and the name of its manifest (reading only its directory)."""
        try:
            with ImageSource.open(path) as files:
                manifest_name = files.manifest_name
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        with path.open("rb") as archive:
            job = batches.import_job_start(
                mission=mission,
                upload=File(archive, name=path.name),
                default_credit=default_credit,
                location=location,
                user=None,
            )
        return job, manifest_name

    def unpack(self, job: ImportJob, manifest_name: str) -> tuple[list[batches.IngestResult], list[str]]:
        """Unpack a file at a time, saying how each went; a stopped run goes on when run again."""
        results: list[batches.IngestResult] = []
        problems: list[str] = []
        reported = 0
        while not job.is_finished:
            job = batches.import_job_step(job=job, seconds=0)
            for entry in job.results[reported:]:
                if "photo" not in entry:  # the archive's or the manifest's own problems
                    problems.append(entry["error"] if entry["name"] else f"{job.archive_name}: {entry['error']}")
                    continue
                result = batches.IngestResult(
                    name=entry["name"],
                    photo=Photo.objects.filter(pk=entry.get("photo")).first(),
                    error=entry["error"],
                    new_credit=Credit.objects.filter(pk=entry.get("new_credit")).first(),
                )
                results.append(result)
                where = f"{manifest_name} line {entry['line']}, “{result.name}”" if entry.get("line") else ""
                problems += self.report(f"[{len(results)}/{job.total}]", result, where)
            reported = len(job.results)
        if job.status == ImportJob.Status.FAILED and not results:
            raise CommandError(problems[-1] if problems else "the archive could not be unpacked.")
        return results, problems

    def report(self, counter: str, result: batches.IngestResult, where: str) -> list[str]:
        """Say how one file went; the problem to list at the end, if there is one."""
        label = f"{counter} {result.name}"
        if result.photo and result.error:
            self.stdout.write(f"{label}: already in the gallery")
        elif result.error:
            self.stdout.write(f"{label}: not imported")
            return [f"{where or f'“{result.name}”'}: {result.error}"]
        elif result.photo:
            photo = result.photo
            held = ", held back until an editor releases it (the gallery is public)" if photo.is_hidden else ""
            self.stdout.write(f"{label}: added as photo {photo.position + 1} “{photo}”{held}")
            if result.new_credit:
                self.stdout.write(f"{label}: new credit “{result.new_credit}” made from the file: review it")
        return []
