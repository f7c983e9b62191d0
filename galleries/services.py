"""Workflows that write several models or touch stored files."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import DatabaseError, transaction
from django.db.models import F, Max
from django.utils import timezone

from galleries import imaging
from galleries.cache import content_changed
from galleries.models import Credit, Crewmember, License, Mission, Photo, Rendition, rendition_name
from galleries.text import fold

logger = logging.getLogger(__name__)


class StorageUnavailable(Exception):
    """The media store could not be reached; the message is written for editors."""


def storage_errors() -> tuple[type[BaseException], ...]:
    """What storage backends raise when the store is down: OSError locally, botocore's on S3."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - the s3 extra is always installed with the project
        return (OSError,)
    return (OSError, BotoCoreError, ClientError)


def storage_delete_on_commit(*, names: Iterable[str], storage: Storage = default_storage) -> None:
    """Delete stored files once the current transaction commits; a rollback keeps them."""
    names = [name for name in names if name]

    def delete_now() -> None:
        for name in names:
            try:
                storage.delete(name)
            except Exception:  # noqa: BLE001 - one missing file or S3 hiccup must not stop the rest
                logger.exception("Could not delete stored file %s", name)

    transaction.on_commit(delete_now)


def credit_suggestion(metadata: imaging.Metadata) -> tuple[str, str] | None:
    """Return (photographer, organization) named by a file's creator and credit line, if any.

    "Joel Kowsky/NASA" and "NASA/Joel Kowsky" both give ("Joel Kowsky", "NASA") when the creator
    is Joel Kowsky.
    """
    creator, line = metadata.creator, metadata.credit_line
    if "/" in line:
        first, second = (part.strip() for part in line.split("/", 1))
        if creator and creator.casefold() == second.casefold():
            first, second = second, first
        if creator and not (first and second) and creator.casefold() != first.casefold():
            # "NASA/", "/NASA" or a bare "/": the line names no photographer, the creator does.
            return creator[:200], (first or second)[:200]
        return (first[:200], second[:200]) if first or second else None
    if creator or line:
        return creator[:200], line[:200] if line.casefold() != creator.casefold() else ""
    return None


def credit_find(*, photographer: str, organization: str) -> Credit | None:
    return Credit.objects.filter(photographer__iexact=photographer, organization__iexact=organization).first()


def credit_for(*, photographer: str, organization: str) -> Credit:
    """Return the credit for this photographer and organization, creating it if it is new.

    A new credit gets the license named by GALLERIES_DEFAULT_LICENSE until an editor sets another.
    """
    existing = credit_find(photographer=photographer, organization=organization)
    if existing:
        return existing
    license, _ = License.objects.get_or_create(name=settings.GALLERIES_DEFAULT_LICENSE)
    return Credit.objects.create(photographer=photographer, organization=organization, default_license=license)


def photo_save(*, photo: Photo, original_changed: bool, rights_changed: bool = False) -> Photo:
    """Save `photo`; when its original is new, schedule renditions and retire the old files.

    If the row cannot be written, a newly stored original is removed again so nothing is orphaned.
    A changed credit or license rebuilds the renditions, which carry the rights statement.
    """
    stored = Photo.objects.filter(pk=photo.pk).first() if photo.pk else None
    if photo.is_hidden and stored and not stored.is_hidden and not original_changed:
        photo_retire_public_urls(photo=photo, save=False)
    previous = stored if original_changed else None
    if photo.position is None:
        photo.position = Photo.objects.next_position(photo.mission)
    uploaded_name = photo.original_filename or "the photo"
    try:
        with transaction.atomic():
            photo.save()  # stores a new original first, then writes the row
    except DatabaseError:
        if original_changed and photo.image.name and (not previous or photo.image.name != previous.image.name):
            photo.image.storage.delete(photo.image.name)
        raise
    except storage_errors() as exc:
        logger.exception("Could not store the original of %s", uploaded_name)
        raise StorageUnavailable(
            f"“{uploaded_name}”: the photo store could not be reached, so nothing was saved. "
            "Please try again in a moment."
        ) from exc
    content_changed()
    if previous:
        storage_delete_on_commit(names=[previous.image.name], storage=previous.image.storage)
        storage_delete_on_commit(names=previous.rendition_names())
    if original_changed or rights_changed or not photo.renditions:
        photo_renditions_schedule(photo=photo)
    return photo


@transaction.atomic
def photos_save(*, photos: list[tuple[Photo, bool, bool]]) -> None:
    """Save several photos of one gallery whose positions may have been swapped or shuffled.

    Each item is (photo, original_changed, rights_changed). Rows that move are first parked past
    the highest position, so the unique (mission, position) constraint holds after every UPDATE.
    """
    moving = [photo for photo, *_ in photos if photo.pk is not None]
    if moving:
        mission = moving[0].mission
        # Two editors saving the same gallery's order take turns: the later save wins whole.
        Mission.objects.select_for_update().filter(pk=mission.pk).first()
        wanted = [photo.position or 0 for photo, *_ in photos]
        current = Photo.objects.filter(mission=mission).aggregate(top=Max("position"))["top"] or 0
        offset = max(current, *wanted) + 1
        Photo.objects.filter(pk__in=[photo.pk for photo in moving]).update(position=F("position") + offset)
    for photo, original_changed, rights_changed in photos:
        photo_save(photo=photo, original_changed=original_changed, rights_changed=rights_changed)


def photo_renditions_schedule(*, photo: Photo) -> None:
    """Build `photo`'s renditions in the background once the current transaction commits."""
    from galleries.tasks import photo_renditions_build

    photo_id = photo.pk
    transaction.on_commit(lambda: photo_renditions_build.enqueue(photo_id=photo_id))


def photo_renditions_ensure(*, photo: Photo) -> None:
    """Ask for missing renditions at most once every few minutes per photo (pages call this)."""
    try:
        first_request = cache.add(f"galleries:renditions-requested:{photo.key}", True, timeout=300)
    except Exception:  # noqa: BLE001 - with the cache down, still build them (the task is idempotent)
        first_request = True
    if first_request:
        logger.warning("Photo %s has no renditions; building them now", photo.pk)
        photo_renditions_schedule(photo=photo)


def photo_rights(photo: Photo) -> imaging.Rights:
    """The rights statement written into every rendition of `photo`."""
    license = photo.effective_license()
    credit_line = str(photo.credit)
    return imaging.Rights(
        creator=photo.credit.photographer or photo.credit.organization,
        credit_line=credit_line,
        copyright=f"{credit_line}. {license.name}" if license else credit_line,
        license_url=license.url if license else "",
    )


def photo_renditions_render(*, photo: Photo, formats: list[str] | None = None) -> list[Rendition]:
    """Make and store `photo`'s renditions in `formats` (default: GALLERIES_RENDITION_FORMATS).

    Stored names are stable (`renditions/<key>/<width>.<ext>`), so a re-run overwrites instead of
    piling up, and the names work unchanged on S3. The row is updated only if the photo still has
    the original that was rendered; an original replaced meanwhile keeps its own renditions.
    """
    formats = formats or settings.GALLERIES_RENDITION_FORMATS
    specs = imaging.rendition_specs(
        source_width=photo.width or 1, widths=settings.GALLERIES_RENDITION_WIDTHS, formats=formats
    )
    with photo.image.open("rb") as source:
        rendered = imaging.render(source, specs, rights=photo_rights(photo))
    names = []
    for image in rendered:
        name = rendition_name(photo, image.spec.width, image.spec.format)
        if default_storage.exists(name):
            default_storage.delete(name)
        names.append(default_storage.save(name, ContentFile(image.data)))
    with transaction.atomic():
        current = Photo.objects.select_for_update().filter(pk=photo.pk, key=photo.key).first()
        if current is None:  # deleted or replaced while we worked: these files belong to nobody
            storage_delete_on_commit(names=names)
            return []
        stale = set(current.rendition_names())
        current.set_renditions(rendered, names)
        smallest = min(rendered, key=lambda image: image.width)
        current.placeholder_color = current.placeholder_color or imaging.dominant_color(smallest.data)
        current.save(update_fields=["renditions", "placeholder_color"])
        content_changed()
        storage_delete_on_commit(names=stale - set(current.rendition_names()))
    photo.renditions, photo.placeholder_color = current.renditions, current.placeholder_color
    return photo.rendition_list()


def upload_inspect(upload: File) -> imaging.ImageInfo:
    """Check an uploaded file against the configured byte and pixel limits; raise ImageRejected."""
    return imaging.inspect(
        upload,
        size=upload.size,
        max_bytes=settings.GALLERIES_MAX_UPLOAD_BYTES,
        max_pixels=settings.GALLERIES_MAX_PIXELS,
    )


def photo_fill_from_metadata(photo: Photo, metadata: imaging.Metadata) -> None:
    """Fill the fields of `photo` an editor left empty from what its file says; never overwrite."""
    photo.title = photo.title or metadata.title
    photo.caption = photo.caption or metadata.caption
    photo.taken_at = photo.taken_at or metadata.taken_at
    photo.keywords = photo.keywords or ", ".join(metadata.keywords)[:500]


def credit_from_metadata(metadata: imaging.Metadata) -> Credit | None:
    """The credit a file names (created if new), or None when it names nobody."""
    suggestion = credit_suggestion(metadata)
    if suggestion is None:
        return None
    photographer, organization = suggestion
    return credit_for(photographer=photographer, organization=organization)


def photo_ingest(
    *,
    mission: Mission,
    upload: File,
    credit: Credit | None = None,
    people: Iterable[Crewmember] = (),
    position: int | None = None,
    **fields,
) -> Photo:
    """Validate and store one uploaded file as a photo of `mission`; its renditions follow after commit.

    `fields` (title, caption, alt_text, location, taken_at…) win over the file's own metadata,
    which fills only what they leave empty. Raises ImageRejected (message without the file name)
    for a file we refuse, StorageUnavailable when the store is down; either way nothing is kept.
    """
    info = upload_inspect(upload)
    photo = Photo(mission=mission, position=position, **fields)
    photo.attach_original(upload=upload, info=info)
    photo_fill_from_metadata(photo, info.metadata)
    with transaction.atomic():
        credit = credit or credit_from_metadata(info.metadata)
        if credit is None:
            raise imaging.ImageRejected("the file does not say who took it; choose a credit.")
        photo.credit = credit
        photo.full_clean(exclude=["image", "position"])
        try:
            photo_save(photo=photo, original_changed=True)
            photo.people.set(people)
        except Exception:
            if photo.image.name and photo.pk:  # stored, then the transaction failed: take it back
                storage_delete_on_rollback(name=photo.image.name, storage=photo.image.storage)
            raise
    return photo


def storage_delete_on_rollback(*, name: str, storage: Storage) -> None:
    """Delete a file written in a transaction that is being rolled back."""
    try:
        storage.delete(name)
    except Exception:  # noqa: BLE001 - report, but let the original error through
        logger.exception("Could not remove %s after a failed save", name)


class MissionNotReady(Exception):
    """A gallery that cannot be published yet; `problems` lists what to fix, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def mission_publishing_problems(mission: Mission) -> list[str]:
    """What stops `mission` from being published: every photo readers would see needs alt text."""
    visible = mission.photos.filter(is_hidden=False).in_order()
    problems = [
        f"Photo {photo.position + 1} “{photo}” has no alt text."
        for photo in visible.filter(alt_text="").only("pk", "position", "title", "original_filename")
    ]
    if not visible.exists():
        problems.append("The gallery has no photos readers could see.")
    return problems


def mission_publish(*, mission: Mission, at: dt.datetime | None = None) -> Mission:
    """Publish `mission` now (or schedule it `at` a later time); refuse with the list of problems."""
    problems = mission_publishing_problems(mission)
    if problems:
        raise MissionNotReady(problems)
    mission.status = Mission.Status.PUBLISHED
    mission.published_at = at or mission.published_at or timezone.now()
    mission.save(update_fields=["status", "published_at", "updated_at"])
    content_changed()
    return mission


def mission_unpublish(*, mission: Mission, was_public: bool = True) -> Mission:
    """Take `mission` off the public site; it keeps its publication time for when it returns.

    If readers could see it, its photos' rendition addresses are retired too, so a copied link
    or a CDN's cached copy of the public address stops working once the CDN's copy expires.
    """
    mission.status = Mission.Status.DRAFT
    mission.save(update_fields=["status", "updated_at"])
    if was_public:
        for photo in mission.photos.filter(is_hidden=False):
            photo_retire_public_urls(photo=photo)
    content_changed()
    return mission


def photo_retire_public_urls(*, photo: Photo, save: bool = True) -> None:
    """Give `photo` a new key, so its renditions move to new, unpublished addresses.

    The old files go once the transaction commits; new ones are built in the background. The
    original keeps its name (originals are never public on S3).
    """
    storage_delete_on_commit(names=photo.rendition_names())
    photo.key = uuid.uuid4()
    photo.renditions = []
    if save:
        photo.save(update_fields=["key", "renditions"])
        photo_renditions_schedule(photo=photo)


def people_mentioned(text: str) -> list[Crewmember]:
    """Crewmembers a caption names, by full name or surname, with or without accents."""
    folded = f" {fold(text)} "
    for mark in ",.;:()—–'’\"":
        folded = folded.replace(mark, " ")
    found = []
    for person in Crewmember.objects.only("pk", "name", "name_folded"):
        surname = person.name_folded.split()[-1] if person.name_folded else ""
        if f" {person.name_folded} " in folded or (len(surname) >= 4 and f" {surname} " in folded):
            found.append(person)
    return found


@dataclass(frozen=True)
class IngestResult:
    """What became of one uploaded file: a photo, or the reason it was refused."""

    name: str
    photo: Photo | None = None
    error: str = ""


def upload_ingest(
    *, mission: Mission, upload: File, credit: Credit | None = None, location: str = ""
) -> list[IngestResult]:
    """Add one uploaded file, or every image of an uploaded zip, to `mission`'s gallery.

    Files already in this gallery (same sha256) are skipped with a note; every refused file is
    reported by name with the reason. A failed file leaves nothing behind; the others go on.
    """
    from galleries.archives import ArchiveError, ImageSource

    name = imaging.display_name(upload.name or "")
    if name.lower().endswith(".zip"):
        try:
            source = ImageSource.open(upload)
        except ArchiveError as exc:
            return [IngestResult(name=name, error=str(exc))]
        with source:
            results = []
            for entry in sorted(source.names):
                try:
                    result = _ingest_one(mission, source.read(entry), credit, location)
                except ValueError as exc:
                    result = IngestResult(name=entry, error=str(exc))
                results.append(replace(result, name=f"{name}: {entry}"))
            return results or [IngestResult(name=name, error="the archive holds no files.")]
    return [_ingest_one(mission, upload, credit, location)]


def _ingest_one(mission: Mission, upload: File, credit: Credit | None, location: str) -> IngestResult:
    name = imaging.display_name(upload.name or "")
    digest = imaging.sha256_of(upload)
    existing = Photo.objects.filter(mission=mission, sha256=digest).first()
    if existing:
        return IngestResult(name=name, photo=existing, error=f"already in this gallery as “{existing}”.")
    try:
        photo = photo_ingest(mission=mission, upload=upload, credit=credit, location=location)
    except (imaging.ImageRejected, StorageUnavailable) as exc:
        return IngestResult(name=name, error=str(exc).removeprefix(f"“{name}”: "))
    return IngestResult(name=name, photo=photo)
