"""Folders and zip archives of images, with an optional manifest: what `import_gallery` and the
admin's bulk upload read. Nothing is ever written using a name from an archive: files are read into
memory, capped at the upload limit, and stored under generated names."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from galleries.imaging.validation import file_size

MANIFEST_NAMES = ("manifest.csv", "manifest.json")
SKIPPED_FOLDERS = ("__MACOSX/",)  # resource forks from macOS archives


class ArchiveError(ValueError):
    """An archive or manifest that cannot be read at all; the message is written for editors."""


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


class ImageSource:
    """The images of a folder or a zip archive, by their base names. Nothing is ever written using a
    name from the archive: files are read into memory and stored under generated names."""

    def __init__(
        self,
        entries: Mapping[str, object],
        reader: Callable[[Any, int], bytes],  # (one of `entries`' values, byte limit) -> its first bytes
        closer: Callable[[], None] | None = None,
    ):
        self.entries = entries
        self.reader = reader
        self.closer = closer
        self.manifest_name = next((name for name in MANIFEST_NAMES if name in entries), "manifest")
        self.names = {name for name in entries if name not in MANIFEST_NAMES}

    @classmethod
    def open(cls, path: Path | IO[bytes]) -> ImageSource:
        """A folder, or a zip archive given as a path or an open binary file."""
        if isinstance(path, Path) and path.is_dir():
            entries = {p.name: p for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith(".")}
            return cls(entries, lambda p, limit: p.open("rb").read(limit + 1))
        if not zipfile.is_zipfile(path):
            raise ArchiveError(f"{getattr(path, 'name', path)} is neither a folder nor a zip archive.")
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise ArchiveError(f"the zip archive is damaged ({exc}).") from exc
        members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            name = PurePosixPath(info.filename.replace("\\", "/")).name
            if info.is_dir() or not name or info.filename.startswith(SKIPPED_FOLDERS) or name.startswith("."):
                continue
            members.setdefault(name, info)
        return cls(members, lambda info, limit: archive.open(info).read(limit + 1), archive.close)

    def __enter__(self) -> ImageSource:
        return self

    def __exit__(self, *exc: object) -> None:
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
            raise ValueError(f"the file is larger than the limit of {file_size(limit)}.")
        return SimpleUploadedFile(name, data)

    def manifest(self, problems: list[str]) -> list[Row]:
        if self.manifest_name not in self.entries:
            return []
        raw = self.reader(self.entries[self.manifest_name], 10 * 1024 * 1024).decode("utf-8-sig", "replace")
        try:
            records = self.records(raw)
        except (ValueError, csv.Error) as exc:
            raise ArchiveError(f"{self.manifest_name} cannot be read: {exc}") from exc
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

    def records(self, raw: str) -> Iterator[tuple[int, dict[str, Any]]]:
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
