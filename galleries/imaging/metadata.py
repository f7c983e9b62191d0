"""Read what a photo file says about itself: EXIF, IPTC and XMP, every value treated as untrusted."""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageFile, IptcImagePlugin

from galleries.imaging.exposure import Exposure, read_exposure

logger = logging.getLogger(__name__)

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
TAG_MAKE, TAG_MODEL, TAG_DESCRIPTION, TAG_ARTIST, TAG_COPYRIGHT = 0x010F, 0x0110, 0x010E, 0x013B, 0x8298
TAG_DATE_ORIGINAL, TAG_OFFSET_ORIGINAL = 0x9003, 0x9011
MAX_TEXT = 5000  # longest caption we keep from a file; editors can write more by hand
EARLIEST_PHOTO = dt.datetime(1957, 10, 4, tzinfo=dt.UTC)  # Sputnik 1: nothing we publish is older


@dataclass(frozen=True)
class Metadata:
    """Text and facts read from a file; empty strings and None mean "the file does not say"."""

    title: str = ""
    caption: str = ""
    creator: str = ""
    credit_line: str = ""
    copyright: str = ""
    keywords: tuple[str, ...] = ()
    taken_at: dt.datetime | None = None  # aware; UTC when the file gave an offset
    camera: str = ""
    gps: tuple[float, float] | None = None  # (latitude, longitude); private, never published
    exposure: Exposure = field(default_factory=Exposure)  # with the offset of taken_at's local time
    warnings: tuple[str, ...] = field(default=())


def clean_text(value: object, limit: int = MAX_TEXT) -> str:
    """Return `value` as tidy text: decoded, NFC, no control characters, whitespace collapsed, capped."""
    if isinstance(value, bytes):
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            text = value.decode("latin-1")
    elif isinstance(value, str):
        text = value
    else:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    return text[:limit].rstrip()


# What cameras and templates write where a name belongs; never a credit line for readers.
NOT_NAMES = frozenset(
    {
        "anonymous",
        "artist",
        "author",
        "by",
        "copyright",
        "creator",
        "credit",
        "n/a",
        "na",
        "none",
        "photo",
        "photographer",
        "picture",
        "staff",
        "unknown",
    }
)


def credit_names(metadata: Metadata, limit: int = 200) -> tuple[str, str] | None:
    """Return (photographer, organization) named by a file's creator and credit line, if any.

    "Joel Kowsky/NASA" and "NASA/Joel Kowsky" both give ("Joel Kowsky", "NASA") when the creator
    is Joel Kowsky. Values that are not names ("CREDIT", "Photographer", punctuation only) count
    as missing; a photographer in capitals ("SSG KYLE DAVIS") is offered in title case. Each part
    is cut to `limit` characters.
    """
    names = _credit_parts(_name(metadata.creator), metadata.credit_line)
    if names is None:
        return None
    photographer, organization = names
    if photographer.isupper():
        photographer = re.sub(r"[^\W\d_]+", lambda word: word.group(0).capitalize(), photographer)
    return photographer[:limit], organization[:limit]


def _credit_parts(creator: str, line: str) -> tuple[str, str] | None:
    if "/" in line:
        first, second = (_name(part) for part in line.split("/", 1))
        if creator and creator.casefold() == second.casefold():
            first, second = second, first
        if creator and not (first and second) and creator.casefold() != first.casefold():
            # "NASA/", "/NASA" or a bare "/": the line names no photographer, the creator does.
            return creator, first or second
        return (first, second) if first or second else (creator, "") if creator else None
    line = _name(line)
    if creator or line:
        return creator, line if line.casefold() != creator.casefold() else ""
    return None


def _name(value: str) -> str:
    """`value` trimmed, or "" when it is a placeholder or has no letter at all."""
    value = value.strip()
    if value.casefold().strip(".:") in NOT_NAMES or not any(char.isalpha() for char in value):
        return ""
    return value


def read_metadata(img: Image.Image, *, now: dt.datetime | None = None) -> Metadata:
    """Return what `img` says about itself; unreadable or absurd values become "unknown", never errors."""
    notes: list[str] = []
    with warnings.catch_warnings(action="ignore", category=UserWarning):  # "Corrupt EXIF data"
        exif, exif_ifd, gps_ifd = _exif(img, notes)
        iptc = _iptc(img, notes)
        xmp = _xmp(img, notes)
    first = _first_text
    taken_at, utc_offset = _taken_at(exif_ifd, xmp, iptc, now=now or dt.datetime.now(dt.UTC), notes=notes)
    return Metadata(
        title=first(xmp.get("Headline"), iptc.get((2, 105)), xmp.get("title"), iptc.get((2, 5)), limit=200),
        caption=first(xmp.get("description"), iptc.get((2, 120)), exif.get(TAG_DESCRIPTION)),
        creator=first(xmp.get("creator"), iptc.get((2, 80)), exif.get(TAG_ARTIST), limit=200),
        credit_line=first(xmp.get("Credit"), iptc.get((2, 110)), limit=200),
        copyright=first(xmp.get("rights"), iptc.get((2, 116)), exif.get(TAG_COPYRIGHT), limit=500),
        keywords=_keywords(xmp.get("subject"), iptc.get((2, 25))),
        taken_at=taken_at,
        camera=_camera(exif),
        gps=_gps(gps_ifd, notes),
        exposure=read_exposure(exif_ifd, utc_offset=utc_offset, clean=clean_text),
        warnings=tuple(notes),
    )


# EXIF tags by number, IPTC datasets by (record, dataset), XMP properties by local name.
Exif = dict[int, Any]
Iptc = dict[tuple[int, int], Any]
Xmp = dict[str, Any]


def _exif(img: Image.Image, notes: list[str]) -> tuple[Exif, Exif, Exif]:
    try:
        exif = img.getexif()
        return dict(exif), dict(exif.get_ifd(EXIF_IFD)), dict(exif.get_ifd(GPS_IFD))
    except Exception as exc:  # noqa: BLE001 - corrupt EXIF is common; the photo is still good
        notes.append(f"EXIF unreadable: {exc}")
        return {}, {}, {}


def _iptc(img: Image.Image, notes: list[str]) -> Iptc:
    if not isinstance(img, ImageFile.ImageFile):
        return {}  # made in memory, not read from a file: no IPTC block
    try:
        return dict(IptcImagePlugin.getiptcinfo(img) or {})
    except Exception as exc:  # noqa: BLE001 - untrusted bytes: SyntaxError, struct.error, IndexError…; noted, not fatal
        notes.append(f"IPTC unreadable: {exc}")
        return {}


def _xmp(img: Image.Image, notes: list[str]) -> Xmp:
    """Flatten the XMP packet's rdf:Description blocks into one dict of local names."""
    try:
        packet = img.getxmp()  # parsed with defusedxml: no entity expansion, no external fetches
    except Exception as exc:  # noqa: BLE001 - untrusted XML: ParseError, defusedxml's refusals, KeyError…; noted
        notes.append(f"XMP unreadable: {exc}")
        return {}
    descriptions = packet.get("xmpmeta", {}).get("RDF", {}).get("Description", [])
    merged: Xmp = {}
    for block in descriptions if isinstance(descriptions, list) else [descriptions]:
        if isinstance(block, dict):
            merged.update({key: value for key, value in block.items() if key not in merged})
    return merged


def _xmp_values(value: Any) -> list[str]:
    """Texts inside an XMP value: a plain string, or rdf:Alt/Seq/Bag lists of strings or {"text": …}."""
    if isinstance(value, str | bytes):
        return [value] if isinstance(value, str) else [clean_text(value)]
    if isinstance(value, list):
        return [text for item in value for text in _xmp_values(item)]
    if isinstance(value, dict):
        if "text" in value:
            return _xmp_values(value["text"])
        for container in ("Alt", "Seq", "Bag", "li"):
            if container in value:
                return _xmp_values(value[container])
    return []


def _first_text(*candidates: Any, limit: int = MAX_TEXT) -> str:
    for candidate in candidates:
        values = candidate if isinstance(candidate, list) and not isinstance(candidate, bytes) else [candidate]
        for value in values:
            for text in _xmp_values(value) if isinstance(value, dict | list) else [value]:
                cleaned = clean_text(text, limit)
                if cleaned:
                    return cleaned
    return ""


def _keywords(xmp_subject: Any, iptc_keywords: Any) -> tuple[str, ...]:
    raw = _xmp_values(xmp_subject) if xmp_subject else []
    if not raw and iptc_keywords:
        raw = iptc_keywords if isinstance(iptc_keywords, list) else [iptc_keywords]
    seen: dict[str, None] = {}
    for keyword in raw:
        text = clean_text(keyword, 100)
        if text and text.casefold() not in {k.casefold() for k in seen}:
            seen[text] = None
    return tuple(seen)[:50]


def _camera(exif: Exif) -> str:
    make, model = (clean_text(exif.get(tag), 100) for tag in (TAG_MAKE, TAG_MODEL))
    if make and model.lower().startswith(make.lower().split()[0]):
        return model
    return " ".join(part for part in (make, model) if part)


EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


def _taken_at(
    exif_ifd: Exif, xmp: Xmp, iptc: Iptc, *, now: dt.datetime, notes: list[str]
) -> tuple[dt.datetime | None, int | None]:
    """When the photo was taken (aware, UTC) and, when the file gave one, its UTC offset in minutes."""
    # (year, month, day, hour, minute, second) as text, and the UTC offset when the file gives one
    candidates: list[tuple[tuple[str, ...], re.Match[str] | None]] = []
    match = EXIF_DATE.match(clean_text(exif_ifd.get(TAG_DATE_ORIGINAL), 40))
    if match:
        offset = OFFSET.match(clean_text(exif_ifd.get(TAG_OFFSET_ORIGINAL), 10))
        candidates.append((match.groups(), offset))
    for key in ("DateTimeOriginal", "DateCreated"):
        text = _first_text(xmp.get(key), limit=40)
        iso = re.match(
            r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$", text
        )
        if iso:
            y, mo, d, h, mi, s, tz = iso.groups()
            zone_offset = OFFSET.match(tz) if tz and tz != "Z" else (OFFSET.match("+00:00") if tz == "Z" else None)
            candidates.append(((y, mo, d, h or "12", mi or "00", s or "00"), zone_offset))
    iptc_date = clean_text(iptc.get((2, 55)), 8)
    if re.fullmatch(r"\d{8}", iptc_date):
        candidates.append(((iptc_date[:4], iptc_date[4:6], iptc_date[6:], "12", "00", "00"), None))
    for parts, offset in candidates:
        try:
            year, month, day, hour, minute, second = (int(part) for part in parts)
            naive = dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            notes.append(f"impossible date taken {parts!r}")
            continue
        minutes = _offset_minutes(offset)
        if minutes is not None:
            zone = dt.timezone(dt.timedelta(minutes=minutes))
            aware = naive.replace(tzinfo=zone).astimezone(dt.UTC)
        else:
            # No offset in the file: read the camera clock as UTC; editors correct it if needed.
            aware = naive.replace(tzinfo=dt.UTC)
        if EARLIEST_PHOTO <= aware <= now + dt.timedelta(days=1):
            return aware, minutes
        notes.append(f"date taken out of range: {aware.isoformat()}")
    return None, None


def _offset_minutes(offset: re.Match[str] | None) -> int | None:
    """Minutes east of UTC; None without an offset or for one no time zone has (past -12:00 or +14:00)."""
    if offset is None or int(offset.group(3)) >= 60:
        return None
    minutes = (1 if offset.group(1) == "+" else -1) * (int(offset.group(2)) * 60 + int(offset.group(3)))
    return minutes if -12 * 60 <= minutes <= 14 * 60 else None


def _gps(gps_ifd: Exif, notes: list[str]) -> tuple[float, float] | None:
    """Return (latitude, longitude) in degrees, or None when absent or absurd."""
    if not gps_ifd.get(2) or not gps_ifd.get(4):
        return None
    try:
        lat = _degrees(gps_ifd[2]) * (-1 if clean_text(gps_ifd.get(1), 1).upper() == "S" else 1)
        lon = _degrees(gps_ifd[4]) * (-1 if clean_text(gps_ifd.get(3), 1).upper() == "W" else 1)
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        notes.append(f"GPS unreadable: {exc}")
        return None
    if -90 <= lat <= 90 and -180 <= lon <= 180:
        return round(lat, 7), round(lon, 7)
    notes.append("GPS out of range")
    return None


def _degrees(value: Any) -> float:
    """Degrees from an EXIF (degrees, minutes, seconds) triple; minutes may be fractional."""
    if not isinstance(value, tuple | list) or len(value) != 3:
        raise ValueError(f"not a degrees/minutes/seconds triple: {value!r}")
    degrees, minutes, seconds = (float(part) for part in value)
    return degrees + minutes / 60 + seconds / 3600
