"""Export a mission to one zip (originals, every field, credits, crew, order, checksums) and restore it.

The archive holds `manifest.json` (format below) and `originals/<position>-<sha256 prefix><ext>`, the
original files byte for byte. Renditions are not exported: they are rebuilt from the originals.

    {
      "format": "expedition-mission", "version": 1, "exported_at": "2026-11-24T20:00:00+00:00",
      "mission": {title, slug, summary, start_date, end_date, vehicle, author_name, author_role,
                  author_bio, status, published_at, cover_photo_position},
      "crewmembers": [{name, slug, bio, agency: {name, short_name, slug, url}}],  (crew and people shown)
      "crew": [{"crewmember": slug, "role", "is_backup", "position"}],
      "photos": [{position, title, caption, alt_text, long_description, location, keywords, is_hidden,
                  taken_at, credit: {photographer, organization, default_license: {name, url,
                  allows_download}}, license: null | {…}, people: [crewmember slugs],
                  original: {file, filename, format, sha256, bytes, width, height, camera,
                             gps_latitude, gps_longitude}}]
    }
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from galleries import services
from galleries.models import Agency, Credit, Crewmember, License, Mission, MissionCrew, Photo
from galleries.models.photo import FORMAT_EXTENSIONS

FORMAT, VERSION = "expedition-mission", 1
MISSION_FIELDS = ["title", "slug", "summary", "vehicle", "author_name", "author_role", "author_bio", "status"]
PHOTO_FIELDS = ["position", "title", "caption", "alt_text", "long_description", "location", "keywords", "is_hidden"]


class ExportError(ValueError):
    """An archive we cannot restore; the message says why."""


def _license(license: License | None) -> dict | None:
    if license is None:
        return None
    return {"name": license.name, "url": license.url, "allows_download": license.allows_download}


def mission_export(*, mission: Mission, path: Path) -> dict:
    """Write `mission` to the zip at `path` (replaced atomically); return its manifest."""
    photos = list(mission.photos.select_related("credit__default_license", "license").prefetch_related("people"))
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "mission": {
            **{field: getattr(mission, field) for field in MISSION_FIELDS},
            "start_date": mission.start_date.isoformat(),
            "end_date": mission.end_date.isoformat() if mission.end_date else None,
            "published_at": mission.published_at.isoformat() if mission.published_at else None,
            "cover_photo_position": next((p.position for p in photos if p.pk == mission.cover_photo_id), None),
        },
        "crewmembers": [
            {
                "name": person.name,
                "slug": person.slug,
                "bio": person.bio,
                "agency": {field: getattr(person.agency, field) for field in ("name", "short_name", "slug", "url")},
            }
            for person in Crewmember.objects.filter(Q(assignments__mission=mission) | Q(photos__mission=mission))
            .distinct()
            .select_related("agency")
        ],
        "crew": [
            {
                "crewmember": member.crewmember.slug,
                "role": member.role,
                "is_backup": member.is_backup,
                "position": member.position,
            }
            for member in mission.crew.select_related("crewmember")
        ],
        "photos": [],
    }
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
            for photo in photos:
                with photo.image.open("rb") as original:
                    data = original.read()
                digest = hashlib.sha256(data).hexdigest()
                extension = FORMAT_EXTENSIONS.get(photo.original_format, ".bin")
                name = f"originals/{photo.position:05d}-{digest[:12]}{extension}"
                archive.writestr(name, data)
                manifest["photos"].append(_photo_entry(photo, name, digest, len(data)))
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest


def _photo_entry(photo: Photo, name: str, digest: str, size: int) -> dict:
    return {
        **{field: getattr(photo, field) for field in PHOTO_FIELDS},
        "taken_at": photo.taken_at.isoformat() if photo.taken_at else None,
        "credit": {
            "photographer": photo.credit.photographer,
            "organization": photo.credit.organization,
            "default_license": _license(photo.credit.default_license),
        },
        "license": _license(photo.license),
        "people": sorted(person.slug for person in photo.people.all()),
        "original": {
            "file": name,
            "filename": photo.original_filename,
            "format": photo.original_format,
            "sha256": digest,
            "bytes": size,
            "width": photo.width,
            "height": photo.height,
            "camera": photo.camera,
            "gps_latitude": photo.gps_latitude,
            "gps_longitude": photo.gps_longitude,
        },
    }


def mission_import(*, path: Path, slug: str | None = None) -> Mission:
    """Restore a mission from an archive made by mission_export; nothing is kept if anything fails.

    Licenses, agencies, crewmembers and credits already present (same name, slug or
    photographer and organization) are reused. Every original is checked against its checksum
    before anything is written.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ExportError(f"{path} is not a readable zip archive ({exc}).") from exc
    with archive:
        manifest = _read_manifest(archive)
        originals = {entry["original"]["file"]: _verified(archive, entry["original"]) for entry in manifest["photos"]}
        slug = slug or manifest["mission"]["slug"]
        if Mission.objects.filter(slug=slug).exists():
            raise ExportError(f"A mission with the slug “{slug}” already exists; choose another with --slug.")
        stored: list[tuple[str, object]] = []
        try:
            with transaction.atomic():
                mission = _restore(manifest, originals, slug, stored)
        except BaseException:
            for name, storage in stored:
                services.storage_delete_on_rollback(name=name, storage=storage)
            raise
    return mission


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError as exc:
        raise ExportError("The archive has no manifest.json.") from exc
    except ValueError as exc:
        raise ExportError(f"manifest.json is not valid JSON ({exc}).") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ExportError(f"This is not an Expedition mission export (version {VERSION}).")
    return manifest


def _verified(archive: zipfile.ZipFile, original: dict) -> bytes:
    try:
        data = archive.read(original["file"])
    except KeyError as exc:
        raise ExportError(f"The archive lacks {original['file']}.") from exc
    if hashlib.sha256(data).hexdigest() != original["sha256"] or len(data) != original["bytes"]:
        raise ExportError(f"{original['file']} does not match its checksum: the archive is damaged.")
    return data


def _license_for(data: dict | None) -> License | None:
    if data is None:
        return None
    license, _ = License.objects.get_or_create(name=data["name"], defaults=data)
    return license


def _restore(manifest: dict, originals: dict[str, bytes], slug: str, stored: list) -> Mission:
    fields = manifest["mission"]
    mission = Mission.objects.create(
        **{field: fields[field] for field in MISSION_FIELDS if field != "slug"},
        slug=slug,
        start_date=parse_date(fields["start_date"]),
        end_date=parse_date(fields["end_date"]) if fields["end_date"] else None,
        published_at=parse_datetime(fields["published_at"]) if fields["published_at"] else None,
    )
    crewmembers = {}
    for person in manifest["crewmembers"]:
        agency, _ = Agency.objects.get_or_create(slug=person["agency"]["slug"], defaults=person["agency"])
        crewmembers[person["slug"]], _ = Crewmember.objects.get_or_create(
            slug=person["slug"], defaults={"name": person["name"], "bio": person["bio"], "agency": agency}
        )
    for member in manifest["crew"]:
        MissionCrew.objects.create(
            mission=mission,
            crewmember=crewmembers[member["crewmember"]],
            role=member["role"],
            is_backup=member["is_backup"],
            position=member["position"],
        )
    for entry in manifest["photos"]:
        photo = _restore_photo(mission, entry, originals[entry["original"]["file"]], crewmembers, stored)
        if entry["position"] == fields["cover_photo_position"]:
            mission.cover_photo = photo
            mission.save(update_fields=["cover_photo"])
    return mission


def _restore_photo(mission: Mission, entry: dict, data: bytes, crewmembers: dict, stored: list) -> Photo:
    credit_data = entry["credit"]
    credit = Credit.objects.filter(
        photographer=credit_data["photographer"], organization=credit_data["organization"]
    ).first() or Credit.objects.create(
        photographer=credit_data["photographer"],
        organization=credit_data["organization"],
        default_license=_license_for(credit_data["default_license"]),
    )
    original = entry["original"]
    photo = Photo(
        mission=mission,
        **{field: entry[field] for field in PHOTO_FIELDS},
        taken_at=parse_datetime(entry["taken_at"]) if entry["taken_at"] else None,
        credit=credit,
        license=_license_for(entry["license"]),
        original_filename=original["filename"],
        original_format=original["format"],
        sha256=original["sha256"],
        width=original["width"],
        height=original["height"],
        camera=original["camera"],
        gps_latitude=original["gps_latitude"],
        gps_longitude=original["gps_longitude"],
    )
    photo.image.save(original["filename"] or "original", ContentFile(data), save=False)
    stored.append((photo.image.name, photo.image.storage))
    services.photo_save(photo=photo, original_changed=True)
    people = []
    for slug in entry["people"]:
        person = crewmembers.get(slug) or Crewmember.objects.filter(slug=slug).first()
        if person is None:
            raise ExportError(f"Photo {entry['position'] + 1} shows “{slug}”, who is not in the archive.")
        people.append(person)
    photo.people.set(people)
    return photo
