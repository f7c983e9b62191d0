"""Import a folder or zip archive of photos, with an optional manifest, into a mission's gallery."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from galleries import batches
from galleries.archives import ArchiveError, ImageSource, Row
from galleries.models import Credit, Mission


class Command(BaseCommand):
    help = (
        "Import the images of a folder or .zip into a mission's gallery, in the order of its manifest.csv or "
        "manifest.json (columns: file, title, caption, alt_text, credit as “Photographer/Organization”, "
        "taken_at as ISO 8601, people as names separated by “;”), then any other images by name. "
        "Files already in the gallery (same sha256) are skipped, so running it again adds nothing."
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

    def handle(self, *args: str, path: str, mission: str, credit: str, location: str, **options: Any) -> None:
        target = Mission.objects.filter(slug=mission).first()
        if target is None:
            raise CommandError(f"No mission with the slug “{mission}”.")
        source = Path(path)
        if not source.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            # For files that name nobody: the photographer a file names wins over it.
            default_credit = batches.credit_named(credit) if credit.strip() else None
            files_source = ImageSource.open(source)
        except (ArchiveError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        with files_source as files:
            try:
                rows, problems = batches.batch_plan(files)
            except ArchiveError as exc:
                raise CommandError(str(exc)) from exc
            added, skipped = self.run(target, files, rows, problems, default_credit, location.strip()[:200])
        self.stdout.write(f"Done: {added} added, {skipped} already in the gallery, {len(problems)} problem(s).")
        if problems:
            for problem in problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{len(problems)} file(s) or row(s) were not imported; see above.")

    def run(
        self,
        mission: Mission,
        files: ImageSource,
        rows: list[Row],
        problems: list[str],
        default_credit: Credit | None,
        location: str,
    ) -> tuple[int, int]:
        added = skipped = 0
        for number, row in enumerate(rows, start=1):
            label = f"[{number}/{len(rows)}] {row.file}"
            where = f"{files.manifest_name} line {row.line}, “{row.file}”" if row.line else f"“{row.file}”"
            (result,) = batches.batch_ingest(
                mission=mission, source=files, rows=[row], default_credit=default_credit, location=location
            )
            if result.photo and result.error:
                skipped += 1
                self.stdout.write(f"{label}: already in the gallery")
            elif result.error:
                problems.append(f"{where}: {result.error}")
                self.stdout.write(f"{label}: not imported")
            elif result.photo:
                added += 1
                photo = result.photo
                held = ", held back until an editor releases it (the gallery is public)" if photo.is_hidden else ""
                self.stdout.write(f"{label}: added as photo {photo.position + 1} “{photo}”{held}")
                if result.new_credit:
                    self.stdout.write(f"{label}: new credit “{result.new_credit}” made from the file: review it")
        return added, skipped
