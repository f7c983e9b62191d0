"""Export a mission to one zip (originals, every field, credits, crew, order, checksums) and restore it.

The archive holds `manifest.json` (format below; its exact shape is schemas/mission-export-1.json)
and `originals/<position>-<sha256 prefix><ext>`, the original files byte for byte. Renditions are
not exported: they are rebuilt from the originals.

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
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from galleries import imaging, ingest
from galleries.imaging.validation import file_size
from galleries.models import Agency, Credit, Crewmember, License, Mission, MissionCrew, Photo
from galleries.storage import storage_delete

FORMAT, VERSION = "expedition-mission", 1
CHUNK = 1024 * 1024
MISSION_FIELDS = ["title", "slug", "summary", "vehicle", "author_name", "author_role", "author_bio", "status"]
MANIFEST_SCHEMA = jsonschema.Draft202012Validator(
    json.loads((Path(__file__).parent / "schemas" / f"mission-export-{VERSION}.json").read_text())
)
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
    manifest: dict[str, Any] = {
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
                extension = imaging.EXTENSIONS.get(photo.original_format, ".bin")
                name = f"originals/{photo.position:05d}-{photo.sha256[:12]}{extension}"
                digest, size = hashlib.sha256(), 0
                # Streamed, one chunk at a time: originals can be hundreds of megabytes.
                with photo.image.open("rb") as original, archive.open(name, "w", force_zip64=True) as member:
                    for chunk in iter(lambda: original.read(CHUNK), b""):
                        digest.update(chunk)
                        size += len(chunk)
                        member.write(chunk)
                manifest["photos"].append(_photo_entry(photo, name, digest.hexdigest(), size))
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


def mission_import(*, path: Path, slug: str | None = None, notes: list[str] | None = None) -> Mission:
    """Restore a mission from an archive made by mission_export; nothing is kept if anything fails.

    Licenses, agencies, crewmembers and credits already present (same name, slug or
    photographer and organization) are reused. Every original is checked against its checksum
    and the upload size limit before anything is written, then goes through photo_ingest like
    an upload: the same format, decoding and pixel checks, one original in memory at a time. A
    published mission that readers would see no photo of is restored as a draft, said in `notes`.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ExportError(f"{path} is not a readable zip archive ({exc}).") from exc
    with archive:
        manifest = _read_manifest(archive)
        for entry in manifest["photos"]:
            _verify(archive, entry["original"])
        slug = slug or manifest["mission"]["slug"]
        if Mission.objects.filter(slug=slug).exists():
            raise ExportError(f"A mission with the slug “{slug}” already exists; choose another with --slug.")
        stored: list[tuple[str | None, Storage]] = []
        try:
            with transaction.atomic():
                mission = _restore(archive, manifest, slug, stored, notes if notes is not None else [])
        except BaseException:
            for name, storage in stored:
                storage_delete(name=name, storage=storage)
            raise
    return mission


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    """The manifest, once its shape (the JSON schema beside this module) and cross-references hold."""
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError as exc:
        raise ExportError("The archive has no manifest.json.") from exc
    except (ValueError, RecursionError) as exc:
        raise ExportError(f"manifest.json is not valid JSON ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ExportError(f"This is not an Expedition mission export (version {VERSION}).")
    if problem := jsonschema.exceptions.best_match(MANIFEST_SCHEMA.iter_errors(manifest)):
        raise ExportError(f"manifest.json, at {problem.json_path}: {problem.message}.")
    _check_references(manifest)
    return manifest


def _check_references(manifest: dict) -> None:
    """What a schema cannot say: unique positions, known crewmembers, real dates."""
    positions = [entry["position"] for entry in manifest["photos"]]
    if len(set(positions)) < len(positions):
        raise ExportError("manifest.json gives several photos the same position.")
    cover = manifest["mission"]["cover_photo_position"]
    if cover is not None and cover not in positions:
        raise ExportError(f"manifest.json makes photo {cover + 1} the cover, but there is no such photo.")
    slugs = {person["slug"] for person in manifest["crewmembers"]}
    for member in manifest["crew"]:
        if member["crewmember"] not in slugs:
            raise ExportError(f"manifest.json puts “{member['crewmember']}” in the crew, who is not in the archive.")
    mission = manifest["mission"]
    moments = [mission["start_date"], mission["end_date"], mission["published_at"]]
    for when in [*moments, *(entry["taken_at"] for entry in manifest["photos"])]:
        try:
            valid = when is None or (parse_date(when) if len(when) == 10 else parse_datetime(when)) is not None
        except ValueError:
            valid = False
        if not valid:
            raise ExportError(f"manifest.json has “{when}”, which is not a date.")


def _member(archive: zipfile.ZipFile, original: dict) -> zipfile.ZipInfo:
    try:
        member = archive.getinfo(original["file"])
    except KeyError as exc:
        raise ExportError(f"The archive lacks {original['file']}.") from exc
    limit = settings.GALLERIES_MAX_UPLOAD_BYTES
    if member.file_size > limit:
        raise ExportError(f"{original['file']} is larger than the upload limit of {file_size(limit)}.")
    return member


def _verify(archive: zipfile.ZipFile, original: dict) -> None:
    """Check one original's size and checksum, reading it in chunks (never whole into memory)."""
    member = _member(archive, original)
    digest, size = hashlib.sha256(), 0
    with archive.open(member) as data:
        for chunk in iter(lambda: data.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    if digest.hexdigest() != original["sha256"] or size != original["bytes"]:
        raise ExportError(f"{original['file']} does not match its checksum: the archive is damaged.")


def _extracted(archive: zipfile.ZipFile, original: dict) -> TemporaryUploadedFile:
    """One original as a temporary file on disk, named as the editor uploaded it."""
    member = _member(archive, original)
    upload = TemporaryUploadedFile(
        original["filename"] or "original", "application/octet-stream", member.file_size, None
    )
    with archive.open(member) as data:
        shutil.copyfileobj(data, upload, CHUNK)
    upload.seek(0)
    return upload


def _license_for(data: dict | None) -> License | None:
    if data is None:
        return None
    license = License.objects.filter(name=data["name"]).first()
    if license is None:
        license = License(**data)
        _validated(license, "the license “{}”".format(data["name"]))
        license.save()
    return license


def _validated(instance: models.Model, what: str) -> None:
    """Check a row from the archive as a form would; an archive is no more trusted than an editor."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ExportError(f"The archive's {what} is not valid: {' '.join(exc.messages)}") from exc


def _validated_new[ModelT: models.Model](instance: ModelT, what: str) -> ModelT:
    """Save a new row from the archive once it passes the checks an admin form would make."""
    _validated(instance, what)
    instance.save()
    return instance


def _restore(
    archive: zipfile.ZipFile, manifest: dict, slug: str, stored: list[tuple[str | None, Storage]], notes: list[str]
) -> Mission:
    fields = manifest["mission"]
    # As the archive has them, unreadable dates (None) included: _validated() reports what is wrong.
    values: dict[str, Any] = {
        **{field: fields[field] for field in MISSION_FIELDS if field != "slug"},
        "start_date": parse_date(fields["start_date"]),
    }
    mission = Mission(
        **values,
        slug=slug,
        end_date=parse_date(fields["end_date"]) if fields["end_date"] else None,
        published_at=parse_datetime(fields["published_at"]) if fields["published_at"] else None,
    )
    _validated(mission, "mission")
    mission.save()
    crewmembers = {}
    for person in manifest["crewmembers"]:
        agency = Agency.objects.filter(slug=person["agency"]["slug"]).first()
        if agency is None:
            agency = _validated_new(Agency(**person["agency"]), f"agency “{person['agency']['slug']}”")
        crewmembers[person["slug"]] = Crewmember.objects.filter(slug=person["slug"]).first() or _validated_new(
            Crewmember(slug=person["slug"], name=person["name"], bio=person["bio"], agency=agency),
            f"crewmember “{person['slug']}”",
        )
    for member in manifest["crew"]:
        _validated_new(
            MissionCrew(
                mission=mission,
                crewmember=crewmembers[member["crewmember"]],
                role=member["role"],
                is_backup=member["is_backup"],
                position=member["position"],
            ),
            f"crew assignment of “{member['crewmember']}”",
        )
    for entry in manifest["photos"]:
        photo = _restore_photo(archive, mission, entry, crewmembers)
        stored.append((photo.image.name, photo.image.storage))
        if entry["position"] == fields["cover_photo_position"]:
            mission.cover_photo = photo
            mission.save(update_fields=["cover_photo"])
    if mission.status == Mission.Status.PUBLISHED and not mission.photos.released().described().exists():
        # The publishing rule, as if an editor had pressed Publish: readers would see no photo.
        mission.status = Mission.Status.DRAFT
        mission.save(update_fields=["status"])
        notes.append("It is restored as a draft: no photo has a title and alt text, so readers would see none.")
    return mission


def _restore_photo(archive: zipfile.ZipFile, mission: Mission, entry: dict, crewmembers: dict) -> Photo:
    credit_data = entry["credit"]
    credit = Credit.objects.filter(
        photographer=credit_data["photographer"], organization=credit_data["organization"]
    ).first()
    if credit is None:
        default_license = _license_for(credit_data["default_license"])
        credit = _validated_new(
            Credit(
                photographer=credit_data["photographer"],
                organization=credit_data["organization"],
                default_license=default_license,
            ),
            f"credit of photo {entry['position'] + 1}",
        )
    people = []
    for slug in entry["people"]:
        person = crewmembers.get(slug) or Crewmember.objects.filter(slug=slug).first()
        if person is None:
            raise ExportError(f"Photo {entry['position'] + 1} shows “{slug}”, who is not in the archive.")
        people.append(person)
    original = entry["original"]
    with _extracted(archive, original) as upload:
        try:
            photo = ingest.photo_ingest(
                mission=mission,
                upload=upload,
                credit=credit,
                people=people,
                fill_from_metadata=False,  # the archive holds what the editors kept, empty fields included
                **{field: entry[field] for field in PHOTO_FIELDS},
                taken_at=parse_datetime(entry["taken_at"]) if entry["taken_at"] else None,
                license=_license_for(entry["license"]),
            )
        except ingest.IngestError as exc:
            raise ExportError(f"Photo {entry['position'] + 1} ({original['file']}): {exc.reason}") from exc
    return photo
