"""What readers may download of a photo, and the full-size copy the worker makes for it.

A photo whose licence allows downloads offers its JPEG renditions at the sizes of
settings.GALLERIES_DOWNLOAD_SIZES ("small", "medium", "large": the narrowest rendition at least
that wide; a size the original cannot fill is left out, and no two offers have the same pixels)
and, once the worker has made it, the "original size": a full-resolution copy of the original,
never the original itself. Originals keep what the camera wrote (GPS, serial numbers: THREATS
#11); the copy is made by the rendition pipeline (upright, sRGB, private metadata stripped, the
rights statement embedded), as a high-quality JPEG.

The copy is stored at `downloads/<key>/full-<random>.jpg` in the renditions' storage, so it
follows the renditions' life cycle (Photo.rendition_names() lists it: retired with a new key when
the photo goes private, deleted with the photo or its replaced original, known to the orphan
sweep), but outside `renditions/`: neither Django's media view, nginx nor the bucket policy makes
it public, and its name holds 128 random bits besides. Readers reach it only through the download
view, which applies the visibility rule and the licence on every request.

It is made by a task queued after the renditions (galleries.tasks), for every photo whatever its
licence, so a licence changed to allow downloads offers it at once. Until it exists the page does
not offer it and its address answers 404, like any size a photo does not have.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from galleries import imaging
from galleries.cache import content_changed
from galleries.models import Photo
from galleries.renditions import failures
from galleries.storage import storage_delete, storage_delete_on_commit

logger = logging.getLogger(__name__)

ORIGINAL = "original"
LABELS = {"small": "Small", "medium": "Medium", "large": "Large", ORIGINAL: "Original size"}


@dataclass(frozen=True)
class Download:
    """One size a reader may download, with what the page says of it and where the file is stored."""

    size: str  # "small", "medium", "large" or "original": the last part of its address
    width: int
    height: int
    bytes: int
    name: str  # storage name: never shown to readers
    url: str

    @property
    def label(self) -> str:
        return LABELS.get(self.size, self.size.capitalize())

    @property
    def mime_type(self) -> str:
        return imaging.MIME_TYPES["JPEG"]

    def filename(self, photo: Photo) -> str:
        """What the browser saves it as: "making-their-mark-large.jpg"."""
        return f"{file_stem(photo)}-{self.size}{imaging.EXTENSIONS['JPEG']}"


def file_stem(photo: Photo) -> str:
    """The start of the names readers save a photo's files under: its title as an ASCII slug
    ("Auñón" → "aunon"), never the original's file name."""
    return slugify(photo.title)[:80].strip("-") or f"photo-{photo.pk}"


def photo_downloads(photo: Photo) -> list[Download]:
    """The sizes a reader may download of `photo` (a published one: callers apply the visibility
    rule), smallest first; none when its licence does not allow downloads.

    Reads only the row (renditions, full_size, the licence through for_display()): no storage, no
    query beyond the licence's. Renditions with a `crop` are art-directed crops, not the picture
    whole: never offered.
    """
    if not photo.effective_license().allows_download:
        return []
    plain = sorted(
        (entry for entry in photo.renditions if entry["format"] == "JPEG" and "crop" not in entry),
        key=lambda entry: entry["width"],
    )
    full = photo.full_size or None
    offers: list[Download] = []
    for size, width in settings.GALLERIES_DOWNLOAD_SIZES.items():
        entry = next((entry for entry in plain if entry["width"] >= width), None)
        if entry is None:  # the original is narrower than this size
            continue
        if full and entry["width"] >= full["width"]:  # the original size offers these pixels
            continue
        if any(offer.name == entry["name"] for offer in offers):  # two sizes, one rendition
            continue
        offers.append(_offer(photo, size, entry))
    if full:
        offers.append(_offer(photo, ORIGINAL, full))
    return offers


def _offer(photo: Photo, size: str, entry: dict[str, Any]) -> Download:
    url = reverse(
        "galleries:photo-download", kwargs={"mission_slug": photo.mission.slug, "pk": photo.pk, "size": size}
    )
    return Download(
        size=size, width=entry["width"], height=entry["height"], bytes=entry["bytes"], name=entry["name"], url=url
    )


def full_size_name(photo: Photo) -> str:
    """A new storage name for `photo`'s full-size copy: under its key, outside renditions/, and
    random (uuid4) for every attempt, so a rebuild never touches the file being served."""
    return f"downloads/{photo.key.hex}/full-{uuid.uuid4().hex}{imaging.EXTENSIONS['JPEG']}"


def photo_full_size_render(*, photo: Photo) -> bool:
    """Make and store `photo`'s full-size copy; True when it was recorded on the row.

    Recorded only if the photo still has the key it was made for (not retired, replaced or
    deleted meanwhile); the copy it replaces is deleted on commit. A failure (an original Pillow
    cannot render, a store or database that does not answer) is logged and leaves no file: the
    page goes on without the original size, and the next renditions build tries again.
    """
    if not photo.width:
        return False
    spec = imaging.RenditionSpec(width=photo.width, format="JPEG")
    stored = ""
    try:
        with photo.image.open("rb") as source:
            [image] = imaging.render(
                source, [spec], rights=photo.rights(), quality=settings.GALLERIES_FULL_SIZE_QUALITY
            )
        stored = default_storage.save(full_size_name(photo), ContentFile(image.data))
        with transaction.atomic():
            current = Photo.objects.select_for_update().select_related("mission").filter(pk=photo.pk, key=photo.key)
            row = current.first()
            if row is None:  # retired, replaced or deleted while we worked: the file belongs to nobody
                storage_delete_on_commit(names=[stored])
                return False
            stale = row.full_size.get("name")
            row.full_size = {"width": image.width, "height": image.height, "bytes": len(image.data), "name": stored}
            row.skip_history_when_saving = True  # type: ignore[attr-defined]  # the pipeline's own field
            row.save(update_fields=["full_size"])
            content_changed(mission_slug=row.mission.slug)  # the photo page now offers it
            storage_delete_on_commit(names=[stale] if stale and stale != stored else [])
    except BaseException as exc:
        storage_delete(name=stored, storage=default_storage)
        if not isinstance(exc, failures()):
            raise
        logger.warning("The full-size copy of photo %s failed: %s: %s", photo.pk, type(exc).__name__, exc)
        return False
    photo.full_size = row.full_size
    return True
