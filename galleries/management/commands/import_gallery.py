"""Import a folder or zip archive of photos, with an optional manifest, into a mission's gallery."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date, parse_datetime

from galleries import imaging, ingest
from galleries.archives import ArchiveError, ImageSource, Row
from galleries.models import Credit, Crewmember, Mission, Photo
from galleries.text import fold


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
        self.location = location.strip()[:200]
        target = Mission.objects.filter(slug=mission).first()
        if target is None:
            raise CommandError(f"No mission with the slug “{mission}”.")
        # For files that name nobody: the photographer a file names wins over it.
        self.default_credit = credit_named(credit) if credit.strip() else None
        self.held_back = target.is_public
        source = Path(path)
        if not source.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            files_source = ImageSource.open(source)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        with files_source as files:
            rows, problems = self.plan(files)
            added, skipped = self.run(target, files, rows, problems)
        self.stdout.write(f"Done: {added} added, {skipped} already in the gallery, {len(problems)} problem(s).")
        if problems:
            for problem in problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{len(problems)} file(s) or row(s) were not imported; see above.")

    def plan(self, files: ImageSource) -> tuple[list[Row], list[str]]:
        problems: list[str] = []
        rows = files.manifest(problems)
        named = {row.file for row in rows}
        for row in rows:
            if row.file not in files.names:
                problems.append(f"{files.manifest_name} line {row.line}: no file named “{row.file}”.")
        rows = [row for row in rows if row.file in files.names]
        rows += [Row(file=name) for name in sorted(files.names) if name not in named]
        return rows, problems

    def run(self, mission: Mission, files: ImageSource, rows: list[Row], problems: list[str]) -> tuple[int, int]:
        added = skipped = 0
        for number, row in enumerate(rows, start=1):
            label = f"[{number}/{len(rows)}] {row.file}"
            where = f"{files.manifest_name} line {row.line}, “{row.file}”" if row.line else f"“{row.file}”"
            try:
                upload = files.read(row.file)
                if Photo.objects.filter(mission=mission, sha256=imaging.sha256_of(upload)).exists():
                    skipped += 1
                    self.stdout.write(f"{label}: already in the gallery")
                    continue
                new_credits: list[Credit] = []
                photo = ingest.photo_ingest(
                    mission=mission,
                    upload=upload,
                    default_credit=self.default_credit,
                    on_new_credit=new_credits.append,
                    is_hidden=self.held_back,
                    **self.fields(row),
                )
            except ingest.IngestError as exc:
                problems.append(f"{where}: {exc.reason}")
                self.stdout.write(f"{label}: not imported")
                continue
            except ValueError as exc:
                problems.append(f"{where}: {exc}")
                self.stdout.write(f"{label}: not imported")
                continue
            added += 1
            held = ", held back until an editor releases it (the gallery is public)" if photo.is_hidden else ""
            self.stdout.write(f"{label}: added as photo {photo.position + 1} “{photo}”{held}")
            for new in new_credits:
                self.stdout.write(f"{label}: new credit “{new}” made from the file: review it in the admin")
        return added, skipped

    def fields(self, row: Row) -> dict:
        """Photo fields from a manifest row; raises ValueError naming what is wrong."""
        values: dict = {key: getattr(row, key) for key in ("title", "caption", "alt_text") if getattr(row, key)}
        if self.location:
            values["location"] = self.location
        if row.credit:
            values["credit"] = credit_named(row.credit)
        if row.taken_at:
            values["taken_at"] = parse_taken_at(row.taken_at)
        if row.people:
            people = []
            for name in row.people:
                match = Crewmember.objects.filter(name_folded=fold(name)).first()
                if match is None:
                    raise ValueError(f"no crewmember named “{name}”.")
                people.append(match)
            values["people"] = people
        return values


def credit_named(text: str) -> Credit:
    """The credit a "Photographer/Organization" line names, created if it is new."""
    photographer, _, organization = text.strip().partition("/")
    credit, _ = ingest.credit_for(photographer=photographer.strip()[:200], organization=organization.strip()[:200])
    return credit


def parse_taken_at(text: str) -> dt.datetime:
    moment = parse_datetime(text)
    if moment is None and (day := parse_date(text)):
        moment = dt.datetime.combine(day, dt.time(12))
    if moment is None:
        raise ValueError(f"“{text}” is not a date (use ISO 8601, e.g. 2018-06-04 or 2018-06-04T07:00+06:00).")
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
