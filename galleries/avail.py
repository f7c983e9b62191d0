"""NASA-style metadata (the AVAIL fields of NASA's Image and Video Library) beside imported files.

Agencies hand editors their photos with a JSON record per asset, in any of these forms (the first
found wins for a file):

- `photo.jpg.json` or `photo.json` beside `photo.jpg`;
- a folder per asset, as the library's downloads give: `<asset>/<asset>~orig.jpg` with
  `<asset>/metadata.json` (only the `~orig` file is imported: the folder's `~large`, `~medium`,
  `~small` and `~thumb` files are the library's own smaller copies; without an `~orig`, the
  record is for the folder's only image);
- one collection file, `metadata.json` at the top, mapping file names to records (a top-level
  `metadata.json` that is itself a record describes the only top-level image).

Fields: AVAIL:Title → title, AVAIL:Description → caption, AVAIL:Description508 → long description
(NASA's Section 508 description; the alt text is still the editor's to write), AVAIL:Keywords →
keywords, AVAIL:DateCreated → date taken, AVAIL:NASAID → the photo's external id (source "nasa",
unique: importing the same asset again is reported, never a second photo). AVAIL:Photographer
becomes the credit "Photographer/NASA" (every asset of the library is NASA's; a "NASA/Name" value
is read as Name); a record without one credits "NASA" for files that name nobody themselves,
unless the batch has a credit of its own (`import_gallery --credit`).
AVAIL:Center (e.g. "JSC") is kept as a keyword naming the centre ("Johnson Space Center"), so
search finds it. What an editor's manifest row gives wins over the record.

Every record is read before anything is imported: JSON that cannot be read is an error naming its
file, and nothing of the batch is imported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from galleries.archives import ArchiveError, ImageSource, Row
from galleries.imaging.metadata import clean_text
from galleries.models import Photo

SOURCE = "nasa"
ORGANIZATION = "NASA"
RECORD_NAME = "metadata.json"
MAX_RECORD_BYTES = 1024 * 1024
CENTERS = {
    "AFRC": "Armstrong Flight Research Center",
    "ARC": "Ames Research Center",
    "GRC": "Glenn Research Center",
    "GSFC": "Goddard Space Flight Center",
    "HQ": "NASA Headquarters",
    "JPL": "Jet Propulsion Laboratory",
    "JSC": "Johnson Space Center",
    "KSC": "Kennedy Space Center",
    "LARC": "Langley Research Center",
    "MSFC": "Marshall Space Flight Center",
    "SSC": "Stennis Space Center",
}
NASA_COPIES = ("~large", "~medium", "~small", "~thumb")


class MetadataError(ArchiveError):
    """A metadata file that cannot be read: the batch stops before anything is imported; the
    message names the file, for editors."""


def is_metadata(name: str) -> bool:
    """Whether an entry is a metadata record rather than an image (ImageSource.names leaves them out)."""
    return name.lower().endswith(".json")


def _read(source: ImageSource, name: str) -> Any:
    try:
        data = source.reader(source.entries[name], MAX_RECORD_BYTES)
    except (OSError, ValueError, EOFError, RuntimeError) as exc:
        raise MetadataError(f"{name} cannot be read: {exc}") from exc
    if len(data) > MAX_RECORD_BYTES:
        raise MetadataError(f"{name} is larger than the limit of {MAX_RECORD_BYTES // 1024} KB.")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise MetadataError(f"{name} is not UTF-8; save it as UTF-8.") from exc
    except json.JSONDecodeError as exc:
        raise MetadataError(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from exc
    except RecursionError as exc:
        raise MetadataError(f"{name} is nested too deeply.") from exc


def _record(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MetadataError(f"{where} must be a JSON object of AVAIL fields.")
    return value


def _is_record(value: Any) -> bool:
    return isinstance(value, dict) and any(isinstance(key, str) and key.startswith("AVAIL:") for key in value)


def records(source: ImageSource, images: list[str], problems: list[str]) -> tuple[dict[str, dict], set[str]]:
    """The record of each of `images` that has one, and the library's smaller copies to leave out.
    Raises MetadataError for a file that cannot be read; a collection naming a file that is not
    there is one of the `problems`."""
    present = {name for name in source.entries if is_metadata(name)}
    found: dict[str, dict] = {}
    skipped: set[str] = set()
    folders: dict[str, list[str]] = {}
    for image in images:
        folders.setdefault(str(PurePosixPath(image).parent), []).append(image)
    for image in images:
        path = PurePosixPath(image)
        for candidate in (f"{image}.json", str(path.with_suffix(".json"))):
            if candidate in present and candidate != image:
                found[image] = _record(_read(source, candidate), candidate)
                break
    for folder, members in folders.items():
        record_name = f"{folder}/{RECORD_NAME}"
        if folder == "." or record_name not in present:
            continue
        originals = [m for m in members if PurePosixPath(m).stem.lower().endswith("~orig")]
        if len(originals) == 1:
            skipped |= {m for m in members if PurePosixPath(m).stem.lower().endswith(NASA_COPIES)}
        target = originals[0] if len(originals) == 1 else members[0] if len(members) == 1 else None
        if target is None:
            problems.append(f"{record_name}: the folder holds several images and none is its “~orig” file.")
        elif target not in found:
            found[target] = _record(_read(source, record_name), record_name)
    if RECORD_NAME in present:
        collection = _read(source, RECORD_NAME)
        top = folders.get(".", [])
        if _is_record(collection):
            if len(top) == 1:
                found.setdefault(top[0], collection)
            else:
                problems.append(f"{RECORD_NAME} describes one asset, but the top folder holds {len(top)} images.")
        else:
            for name, value in _record(collection, RECORD_NAME).items():
                record = _record(value, f"{RECORD_NAME}: “{name}”")
                resolved = source.resolve(name)
                if resolved is None:
                    problems.append(f"{RECORD_NAME}: no file named “{name}”.")
                else:
                    found.setdefault(resolved, record)
    return found, skipped


def _text(record: Mapping[str, Any], key: str, limit: int) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise ValueError(f"{key} must be text.")
    return clean_text(str(value), limit=limit)


def _keywords(record: Mapping[str, Any]) -> list[str]:
    value = record.get("AVAIL:Keywords") or []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
        raise ValueError("AVAIL:Keywords must be a list of words.")
    words = [clean_text(word, 100) for word in value]
    center = _text(record, "AVAIL:Center", 100)
    if center:
        words.append(CENTERS.get(center.upper(), center))
    unique = list(dict.fromkeys(word for word in words if word))
    return unique


def _photographer(record: Mapping[str, Any]) -> str:
    """AVAIL:Photographer without the agency ("NASA/Bill Ingalls" and "Bill Ingalls/NASA" are Bill Ingalls)."""
    parts = [part.strip() for part in _text(record, "AVAIL:Photographer", 401).split("/")]
    return " / ".join(part for part in parts if part and part.upper() != ORGANIZATION)[:200]


def row_with_record(row: Row, record: Mapping[str, Any]) -> Row:
    """`row` with what `record` gives for the fields the manifest row left empty; ValueError names a bad field."""
    keywords, budget = [], 500
    for word in _keywords(record):
        if len(word) + 2 > budget:
            break
        keywords.append(word)
        budget -= len(word) + 2
    photographer = _photographer(record)
    external_id = _text(record, "AVAIL:NASAID", 200)
    return replace(
        row,
        title=row.title or _text(record, "AVAIL:Title", 200),
        caption=row.caption or _text(record, "AVAIL:Description", 200_000),
        long_description=row.long_description or _text(record, "AVAIL:Description508", 200_000),
        keywords=row.keywords or ", ".join(keywords),
        taken_at=row.taken_at or _text(record, "AVAIL:DateCreated", 100),
        credit=row.credit or (f"{photographer}/{ORGANIZATION}" if photographer else ""),
        fallback_credit="" if photographer or row.credit else f"/{ORGANIZATION}",  # an organization alone
        source=SOURCE if external_id else "",
        external_id=external_id,
    )


def photo_record(photo: Photo) -> dict[str, Any]:
    """`photo`'s public fields under the AVAIL names they were imported from, for the per-photo
    metadata.json download ("Pictures at their best" builds that file: it calls this, so what
    comes in and what goes out use the same names). Only what readers may see: call it for a
    photo of Photo.objects.published()."""
    record = {
        "AVAIL:NASAID": photo.external_id if photo.source == SOURCE else "",  # ours are not NASA's ids
        "AVAIL:Title": photo.title,
        "AVAIL:Description": photo.caption,
        "AVAIL:Description508": photo.long_description or photo.alt_text,
        "AVAIL:Photographer": photo.credit.photographer,
        "AVAIL:Keywords": [word.strip() for word in photo.keywords.split(",") if word.strip()],
        "AVAIL:DateCreated": photo.taken_at.isoformat() if photo.taken_at else "",
        "AVAIL:Location": photo.location,
        "AVAIL:MediaType": "image",
    }
    return {key: value for key, value in record.items() if value}
