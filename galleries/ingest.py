"""The one way a photo gets its original: every new file, from any door, goes through photo_ingest.

inspect (limits, full decode) → keep the original → fill the fields left empty from the file's
metadata → resolve the credit → save → schedule renditions. The admin's photo forms, bulk
upload, `import_gallery`, `import_mission`, `load_demo` and the test factory all call it, and
nothing else constructs Photo rows. Saving an editor's other changes is photo_save's job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.db.models import F, Field, Max

from galleries import imaging
from galleries.cache import content_changed
from galleries.models import Credit, Crewmember, License, Mission, Photo
from galleries.renditions import photo_renditions_retire
from galleries.storage import storage_delete, storage_delete_on_commit, storage_errors
from galleries.tasks import photo_crops_schedule, photo_renditions_schedule

logger = logging.getLogger(__name__)

# The originals stored inside an originals_undone_on_error() block (None outside one).
_stored_in_block: ContextVar[list[tuple[str | None, Storage]] | None] = ContextVar("stored_in_block", default=None)


class IngestError(ValueError):
    """A file that did not become a photo, and nothing of it was kept; `reason` is written for editors."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"“{name}”: {reason}")
        self.name = name
        self.reason = reason


def upload_inspect(upload: File) -> imaging.ImageInfo:
    """Check an uploaded file against the configured byte and pixel limits; raise ImageRejected."""
    return imaging.inspect(
        upload,
        size=upload.size,
        max_bytes=settings.GALLERIES_MAX_UPLOAD_BYTES,
        max_pixels=settings.GALLERIES_MAX_PIXELS,
    )


def credit_for(*, photographer: str, organization: str) -> tuple[Credit, bool]:
    """Return the credit for this photographer and organization, and whether it was created now.

    A new credit gets the license named by GALLERIES_DEFAULT_LICENSE until an editor sets another.
    """
    existing = Credit.objects.for_names(photographer=photographer, organization=organization).first()
    if existing:
        return existing, False
    license, _ = License.objects.get_or_create(name=settings.GALLERIES_DEFAULT_LICENSE)
    try:
        with transaction.atomic():
            credit = Credit.objects.create(
                photographer=photographer, organization=organization, default_license=license
            )
    except IntegrityError:  # made at the same moment by another upload of the same batch
        return Credit.objects.for_names(photographer=photographer, organization=organization).get(), False
    return credit, True


def photo_ingest(
    *,
    upload: File,
    mission: Mission | None = None,
    photo: Photo | None = None,
    info: imaging.ImageInfo | None = None,
    credit: Credit | None = None,
    default_credit: Credit | None = None,
    on_new_credit: Callable[[Credit], None] | None = None,
    people: Iterable[Crewmember] | None = None,
    fill_from_metadata: bool = True,
    **fields: Any,
) -> Photo:
    """Make `upload` the original of `photo`, or of a new photo of `mission`; renditions follow after commit.

    `fields` (title, caption, alt_text, location, taken_at…) and what `photo` already holds win
    over the file's own metadata, which fills only what they leave empty. The credit is `credit`
    (an editor's choice for this photo), else the photo's own, else the photographer the file
    names (a credit created for it is passed to `on_new_credit`), else `default_credit` (a batch's
    fallback for files that name nobody). `info` is the result of
    upload_inspect when a form field already ran it. A replaced original and its renditions are
    deleted once the transaction commits. Raises IngestError; either way nothing is kept.
    """
    name = imaging.display_name(upload.name or "")
    try:
        info = info or upload_inspect(upload)
    except imaging.ImageRejected as exc:
        raise IngestError(name, str(exc)) from exc
    if photo is None:
        photo = Photo(mission=mission, **fields)
    else:
        for field, value in fields.items():
            setattr(photo, field, value)
    stored_fields = (
        "image",
        "renditions",
        "full_size",
        "zoom",
        "key",
    )  # what rendition_names() reads, before the new key
    previous = Photo.objects.filter(pk=photo.pk).only(*stored_fields).first() if photo.pk else None
    photo.attach_original(upload=upload, info=info)
    if fill_from_metadata:
        _fill_from_metadata(photo, info.metadata)
    with transaction.atomic():
        chosen = (
            credit
            or (photo.credit if photo.credit_id else None)
            or _credit_named_in(info.metadata, on_new_credit)
            or default_credit
        )
        if chosen is None:
            raise IngestError(name, "the file does not say who took it; choose a credit.")
        photo.credit = chosen
        try:
            photo.full_clean(exclude=["image", "position"])
        except ValidationError as exc:
            raise IngestError(name, _messages(exc)) from exc
        _store(photo, name=name, people=people)
    if previous:
        storage_delete_on_commit(names=[previous.image.name], storage=previous.image.storage)
        storage_delete_on_commit(names=previous.rendition_names())
    photo_renditions_schedule(photo=photo)
    return photo


def _fill_from_metadata(photo: Photo, metadata: imaging.Metadata) -> None:
    """Fill the fields of `photo` an editor left empty from what its file says; never overwrite."""
    photo.title = photo.title or metadata.title
    photo.caption = photo.caption or metadata.caption
    photo.taken_at = photo.taken_at or metadata.taken_at
    photo.keywords = photo.keywords or ", ".join(metadata.keywords)[:500]


def _credit_named_in(metadata: imaging.Metadata, on_new: Callable[[Credit], None] | None) -> Credit | None:
    names = imaging.credit_names(metadata)
    if names is None:
        return None
    credit, created = credit_for(photographer=names[0], organization=names[1])
    if created and on_new:
        on_new(credit)
    return credit


def _store(photo: Photo, *, name: str, people: Iterable[Crewmember] | None) -> None:
    """Store the new original, then write the row; if the row cannot be written, the file goes again."""
    if photo.position is None:
        # Two uploads into one gallery at once take turns for the next position.
        Mission.objects.select_for_update().filter(pk=photo.mission_id).first()
        photo.position = Photo.objects.next_position(photo.mission)
    try:
        # Stored under original_upload_to's name, whatever name is passed here.
        photo.image.save(photo.image.name or "", photo.image.file, save=False)
    except storage_errors() as exc:
        logger.exception("Could not store the original of %s", name)
        raise IngestError(
            name, "the photo store could not be reached, so nothing was saved. Please try again in a moment."
        ) from exc
    try:
        with transaction.atomic():
            photo.save()
            if people is not None:
                photo.people.set(people)
    except BaseException:
        storage_delete(name=photo.image.name, storage=photo.image.storage)
        raise
    if (stored := _stored_in_block.get()) is not None:
        stored.append((photo.image.name, photo.image.storage))
    content_changed(mission_slug=photo.mission.slug)


@contextmanager
def originals_undone_on_error() -> Iterator[None]:
    """Around a transaction that photo_ingest runs inside (an admin save): if it fails after a
    photo's row was written, the row rolls back, and this removes the original stored for it."""
    stored: list[tuple[str | None, Storage]] = []
    token = _stored_in_block.set(stored)
    try:
        yield
    except BaseException:
        for name, storage in stored:
            storage_delete(name=name, storage=storage)
        raise
    finally:
        _stored_in_block.reset(token)


def _messages(error: ValidationError) -> str:
    """A model's validation errors as one line, each prefixed with the field it is about."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return " ".join(
        " ".join(messages) if field == NON_FIELD_ERRORS else f"{_label(field)}: " + " ".join(messages)
        for field, messages in error.message_dict.items()
    )


def _label(field_name: str) -> str:
    field = Photo._meta.get_field(field_name)
    return str(field.verbose_name) if isinstance(field, Field) else field_name


def photo_save(*, photo: Photo, rights_changed: bool = False, update_fields: Sequence[str] | None = None) -> Photo:
    """Save an editor's changes to `photo`, whose original stays (a new one is photo_ingest's).

    A photo readers could see that they no longer can (hidden, moved to a mission that is not
    public, its title or alt text removed) has its rendition addresses retired at once; a changed
    credit or license rebuilds the renditions, which carry the rights statement.
    """
    stored = Photo.objects.select_related("mission").filter(pk=photo.pk).first() if photo.pk else None
    if stored and stored.is_public and not photo.is_public:
        photo_renditions_retire(photo=photo)
    if photo.position is None:
        photo.position = Photo.objects.next_position(photo.mission)
    photo.save(update_fields=update_fields)
    # Moved to another gallery: both galleries' pages change, so every page is retired.
    if stored is None or stored.mission_id == photo.mission_id:
        content_changed(mission_slug=(stored or photo).mission.slug)  # stored came with its mission
    else:
        content_changed()
    if rights_changed or not photo.renditions:
        photo_renditions_schedule(photo=photo)
    elif stored is not None and stored.framing() != photo.framing():
        photo_crops_schedule(photo=photo)  # a new focal point or crop: only the crops change
    return photo


@contextmanager
def photos_reordering(*, mission: Mission, photos: Sequence[Photo]) -> Iterator[None]:
    """Inside the block, `photos` of `mission` may be saved with swapped or shuffled positions.

    The rows that move are first parked past the highest position, so the unique (mission,
    position) constraint holds after every UPDATE; two editors saving the same gallery's order
    take turns, and the later save wins whole.
    """
    with transaction.atomic():
        Mission.objects.select_for_update().filter(pk=mission.pk).first()
        moving = [photo.pk for photo in photos if photo.pk is not None]
        if moving:
            wanted = [photo.position or 0 for photo in photos]
            current = Photo.objects.filter(mission=mission).aggregate(top=Max("position"))["top"] or 0
            offset = max(current, *wanted) + 1
            Photo.objects.filter(pk__in=moving).update(position=F("position") + offset)
        yield
