"""Import a folder or zip archive of photos, with an optional manifest, into a mission's gallery."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date, parse_datetime

from galleries import imaging, services
from galleries.models import Crewmember, Mission, Photo
from galleries.text import fold

MANIFEST_NAMES = ("manifest.csv", "manifest.json")
SKIPPED_FOLDERS = ("__MACOSX/",)  # resource forks from macOS archives


@dataclass
class Row:
    """One photo to import: a file, and what the manifest says about it (line 0: not in the manifest)."""

    file: str
    line: int = 0
    title: str = ""
    caption: str = ""
    alt_text: str = ""
    credit: str = ""
    taken_at: str = ""
    people: list[str] = field(default_factory=list)


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

    def handle(self, *args, path: str, mission: str, credit: str, location: str, **options):
        self.defaults = Row(file="", credit=credit.strip())
        self.location = location.strip()[:200]
        target = Mission.objects.filter(slug=mission).first()
        if target is None:
            raise CommandError(f"No mission with the slug “{mission}”.")
        source = Path(path)
        if not source.exists():
            raise CommandError(f"{path} does not exist.")
        with Source.open(source) as files:
            rows, problems = self.plan(files)
            added, skipped = self.run(target, files, rows, problems)
        self.stdout.write(f"Done: {added} added, {skipped} already in the gallery, {len(problems)} problem(s).")
        if problems:
            for problem in problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{len(problems)} file(s) or row(s) were not imported; see above.")

    def plan(self, files: Source) -> tuple[list[Row], list[str]]:
        problems: list[str] = []
        rows = files.manifest(problems)
        named = {row.file for row in rows}
        for row in rows:
            if row.file not in files.names:
                problems.append(f"{files.manifest_name} line {row.line}: no file named “{row.file}”.")
        rows = [row for row in rows if row.file in files.names]
        rows += [Row(file=name) for name in sorted(files.names) if name not in named]
        return rows, problems

    def run(self, mission: Mission, files: Source, rows: list[Row], problems: list[str]) -> tuple[int, int]:
        added = skipped = 0
        for number, row in enumerate(rows, start=1):
            label = f"[{number}/{len(rows)}] {row.file}"
            where = f"{files.manifest_name} line {row.line}, “{row.file}”" if row.line else f"“{row.file}”"
            try:
                upload = files.read(row.file)
                if Photo.objects.filter(mission=mission, sha256=imaging.sha256_of(upload.file)).exists():
                    skipped += 1
                    self.stdout.write(f"{label}: already in the gallery")
                    continue
                photo = services.photo_ingest(mission=mission, upload=upload, **self.fields(row))
            except (imaging.ImageRejected, services.StorageUnavailable, ValueError) as exc:
                problems.append(f"{where}: {exc}")
                self.stdout.write(f"{label}: not imported")
                continue
            except ValidationError as exc:
                problems.append(f"{where}: {'; '.join(exc.messages)}")
                self.stdout.write(f"{label}: not imported")
                continue
            added += 1
            self.stdout.write(f"{label}: added as photo {photo.position + 1} “{photo}”")
        return added, skipped

    def fields(self, row: Row) -> dict:
        """Photo fields from a manifest row; raises ValueError naming what is wrong."""
        values: dict = {key: getattr(row, key) for key in ("title", "caption", "alt_text") if getattr(row, key)}
        if self.location:
            values["location"] = self.location
        if credit_text := row.credit or self.defaults.credit:
            photographer, _, organization = credit_text.partition("/")
            values["credit"] = services.credit_for(
                photographer=photographer.strip()[:200], organization=organization.strip()[:200]
            )
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


def parse_taken_at(text: str) -> dt.datetime:
    moment = parse_datetime(text)
    if moment is None and (day := parse_date(text)):
        moment = dt.datetime.combine(day, dt.time(12))
    if moment is None:
        raise ValueError(f"“{text}” is not a date (use ISO 8601, e.g. 2018-06-04 or 2018-06-04T07:00+06:00).")
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class Source:
    """The images of a folder or a zip archive, by their base names. Nothing is ever written using a
    name from the archive: files are read into memory and stored under generated names."""

    def __init__(self, entries: dict[str, object], reader, closer=None):
        self.entries = entries
        self.reader = reader
        self.closer = closer
        self.manifest_name = next((name for name in MANIFEST_NAMES if name in entries), "manifest")
        self.names = {name for name in entries if name not in MANIFEST_NAMES}

    @classmethod
    def open(cls, path: Path) -> Source:
        if path.is_dir():
            entries = {p.name: p for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith(".")}
            return cls(entries, lambda p, limit: p.open("rb").read(limit + 1))
        if not zipfile.is_zipfile(path):
            raise CommandError(f"{path} is neither a folder nor a zip archive.")
        archive = zipfile.ZipFile(path)
        entries = {}
        for info in archive.infolist():
            name = PurePosixPath(info.filename.replace("\\", "/")).name
            if info.is_dir() or not name or info.filename.startswith(SKIPPED_FOLDERS) or name.startswith("."):
                continue
            entries.setdefault(name, info)
        return cls(entries, lambda info, limit: archive.open(info).read(limit + 1), archive.close)

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc) -> None:
        if self.closer:
            self.closer()

    def read(self, name: str) -> SimpleUploadedFile:
        """Read one file, never more than the upload limit (+1 byte to notice a larger one)."""
        limit = settings.GALLERIES_MAX_UPLOAD_BYTES
        try:
            data = self.reader(self.entries[name], limit)
        except (OSError, zipfile.BadZipFile, EOFError, RuntimeError) as exc:  # damaged or encrypted entries
            raise ValueError(f"cannot be read from the archive ({exc}).") from exc
        if len(data) > limit:
            raise ValueError(f"the file is larger than the limit of {imaging.validation.file_size(limit)}.")
        return SimpleUploadedFile(name, data)

    def manifest(self, problems: list[str]) -> list[Row]:
        if self.manifest_name not in self.entries:
            return []
        raw = self.reader(self.entries[self.manifest_name], 10 * 1024 * 1024).decode("utf-8-sig", "replace")
        try:
            records = self.records(raw)
        except (ValueError, csv.Error) as exc:
            raise CommandError(f"{self.manifest_name} cannot be read: {exc}") from exc
        rows = []
        for line, record in records:
            name = PurePosixPath(str(record.get("file") or "").replace("\\", "/")).name
            if not name:
                problems.append(f"{self.manifest_name} line {line}: no file named.")
                continue
            people = record.get("people") or []
            if isinstance(people, str):
                people = [part.strip() for part in people.split(";") if part.strip()]
            rows.append(
                Row(
                    file=name,
                    line=line,
                    **{key: str(record.get(key) or "").strip() for key in ("title", "caption", "alt_text", "credit")},
                    taken_at=str(record.get("taken_at") or "").strip(),
                    people=[str(person) for person in people],
                )
            )
        return rows

    def records(self, raw: str) -> Iterator[tuple[int, dict]]:
        if self.manifest_name.endswith(".json"):
            data = json.loads(raw)
            items = data.get("photos", []) if isinstance(data, dict) else data
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise ValueError('expected a list of objects, or {"photos": [...]}')
            return ((number, item) for number, item in enumerate(items, start=1))
        reader = csv.DictReader(io.StringIO(raw))
        if "file" not in (reader.fieldnames or []):
            raise ValueError("the first line must name the columns, including “file”")
        return ((reader.line_num, record) for record in reader)
