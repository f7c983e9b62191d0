"""Folders and zip archives of images, with an optional manifest and NASA-style metadata records
(galleries.avail): what `import_gallery` and the admin's bulk upload read. Nothing is ever written
using a name from an archive: files are read into memory, capped at the upload limit, and stored
under generated names.

Every file of a zip is known by its path inside the archive ("day2/DSC_0001.JPG"), so files of the
same name in different folders are all read. An archive over the caps (entries, inflated bytes) is
refused whole, before anything is read; an entry that inflates suspiciously is refused by name.
"""

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

from galleries.imaging.metadata import clean_text
from galleries.imaging.validation import file_size

MANIFEST_NAMES = ("manifest.csv", "manifest.json")
SKIPPED_FOLDERS = ("__MACOSX/",)  # resource forks from macOS archives
MAX_MANIFEST_BYTES = 10 * 1024 * 1024
MAX_RATIO = 200  # inflated ÷ compressed: photos compress a little, a bomb a thousandfold
TEXT_COLUMNS = ("title", "caption", "alt_text", "credit", "taken_at")
TEXT_LIMITS = {"title": 200, "alt_text": 500, "credit": 401, "caption": 200_000}  # the fields' own limits


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
    # From a NASA-style metadata record beside the file (galleries.avail), not from manifests.
    long_description: str = ""
    keywords: str = ""
    fallback_credit: str = ""  # for a file that names nobody, unless the batch has a credit
    source: str = ""
    external_id: str = ""


def entry_path(name: str) -> str:
    """The path of an archive entry or manifest row, with no root, no "." or ".." and "/" between folders."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return "/".join(part for part in parts if part not in ("/", ".", ".."))


class ImageSource:
    """The files of a folder (its top level, and its NASA-style asset folders) or of a zip archive
    (every folder), by path."""

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
        # .json files are manifests or metadata records (galleries.avail), never images.
        self.names = {name for name in entries if name not in MANIFEST_NAMES and not name.lower().endswith(".json")}
        self.refused: set[str] = set()  # files named by manifest rows that could not be read

    @classmethod
    def open(cls, path: Path | IO[bytes]) -> ImageSource:
        """A folder, or a zip archive given as a path or an open binary file; ArchiveError if neither."""
        if isinstance(path, Path) and path.is_dir():
            entries = _folder_files(path)
            # NASA's downloads give a folder per asset, with its metadata.json (galleries.avail).
            for folder in sorted(path.iterdir()):
                if folder.is_dir() and not folder.name.startswith(".") and (folder / "metadata.json").is_file():
                    entries |= _folder_files(folder, prefix=f"{folder.name}/")
            return cls(entries, lambda p, limit: p.open("rb").read(limit + 1))
        if not zipfile.is_zipfile(path):
            raise ArchiveError(f"{getattr(path, 'name', path)} is neither a folder nor a zip archive.")
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise ArchiveError(f"the zip archive is damaged ({exc}).") from exc
        members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            name = entry_path(info.filename)
            base = PurePosixPath(name).name
            if info.is_dir() or not base or info.filename.startswith(SKIPPED_FOLDERS) or base.startswith("."):
                continue
            members.setdefault(name, info)
        try:
            check_caps(list(members.values()))
        except ArchiveError:
            archive.close()
            raise
        return cls(members, lambda info, limit: _read_member(archive, info, limit), archive.close)

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

    def resolve(self, name: str) -> str | None:
        """The entry a manifest row names: its path, or a base name that only one entry has."""
        path = entry_path(name)
        if path in self.names:
            return path
        matches = [entry for entry in self.names if PurePosixPath(entry).name == path]
        return matches[0] if len(matches) == 1 else None

    def named(self, name: str) -> int:
        """How many entries have the base name `name`."""
        return sum(PurePosixPath(entry).name == entry_path(name) for entry in self.names)

    def manifest(self, problems: list[str]) -> list[Row]:
        """The manifest's rows; a malformed row or value is a problem naming its line, never an error."""
        if self.manifest_name not in self.entries:
            return []
        try:
            data = self.reader(self.entries[self.manifest_name], MAX_MANIFEST_BYTES)
        except (ValueError, OSError, zipfile.BadZipFile, EOFError, RuntimeError) as exc:
            raise ArchiveError(f"{self.manifest_name} cannot be read: {exc}") from exc
        if len(data) > MAX_MANIFEST_BYTES:
            raise ArchiveError(f"{self.manifest_name} is larger than the limit of {file_size(MAX_MANIFEST_BYTES)}.")
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ArchiveError(
                f"{self.manifest_name} is not UTF-8 (byte {exc.start + 1} cannot be read); save it as UTF-8."
            ) from exc
        try:
            records = list(self.records(raw))
        except (ValueError, csv.Error) as exc:
            raise ArchiveError(f"{self.manifest_name} cannot be read: {exc}") from exc
        rows = []
        for line, record in records:
            try:
                rows.append(self.row(line, record))
            except ValueError as exc:
                problems.append(f"{self.manifest_name} line {line}: {exc}")
                if isinstance(record.get("file"), str) and (path := self.resolve(record["file"])):
                    self.refused.add(path)  # not imported without the fields its row meant to give
        return rows

    @staticmethod
    def row(line: int, record: dict[str, Any]) -> Row:
        """One manifest record as a Row; ValueError says what is wrong with it."""
        values = {}
        for key in ("file", *TEXT_COLUMNS):
            value = record.get(key)
            if value is not None and not isinstance(value, str | int | float):
                raise ValueError(f"“{key}” must be text.")
            text = clean_text("" if value is None else str(value), limit=10**6)
            if len(text) > TEXT_LIMITS.get(key, 200):
                raise ValueError(f"“{key}” is longer than {TEXT_LIMITS.get(key, 200)} characters.")
            values[key] = text
        if not values["file"]:
            raise ValueError("no file named.")
        people = record.get("people") or []
        if isinstance(people, str):
            people = [part.strip() for part in people.split(";") if part.strip()]
        if not isinstance(people, list) or not all(isinstance(person, str) for person in people):
            raise ValueError("“people” must be names separated by “;”, or a list of names.")
        return Row(line=line, people=[clean_text(person, 200) for person in people], **values)

    def records(self, raw: str) -> Iterator[tuple[int, dict[str, Any]]]:
        if self.manifest_name.endswith(".json"):
            try:
                data = json.loads(raw)
            except RecursionError as exc:
                raise ValueError("it is nested too deeply") from exc
            items = data.get("photos", []) if isinstance(data, dict) else data
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise ValueError('expected a list of objects, or {"photos": [...]}')
            return ((number, item) for number, item in enumerate(items, start=1))
        csv.field_size_limit(MAX_MANIFEST_BYTES)  # a long caption is a long field, not a broken file
        reader = csv.DictReader(io.StringIO(raw))
        if "file" not in (reader.fieldnames or []):
            raise ValueError("the first line must name the columns, including “file”")
        return ((reader.line_num, record) for record in reader)


def _folder_files(folder: Path, prefix: str = "") -> dict[str, Path]:
    return {f"{prefix}{p.name}": p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def check_caps(members: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive with more entries or inflated bytes than the settings allow, before reading it."""
    entries, total = settings.GALLERIES_MAX_ARCHIVE_ENTRIES, settings.GALLERIES_MAX_ARCHIVE_BYTES
    if len(members) > entries:
        raise ArchiveError(f"the archive holds {len(members)} files; the limit is {entries}.")
    inflated = sum(member.file_size for member in members)
    if inflated > total:
        raise ArchiveError(
            f"the archive unpacks to {file_size(inflated)}; the limit is {file_size(total)}. Split it in parts."
        )


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    if member.compress_size and member.file_size / member.compress_size > MAX_RATIO and member.file_size > 10**6:
        raise ValueError(f"it inflates {member.file_size // member.compress_size}-fold, as only a zip bomb does")
    with archive.open(member) as data:
        return data.read(limit + 1)
