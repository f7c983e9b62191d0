"""Where a photo's files live and how pages address them: renditions, zoom tiles, originals, photo pages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.files.storage import Storage, default_storage, storages
from django.urls import get_script_prefix, reverse
from django.utils.functional import LazyObject

from galleries import imaging
from galleries.imaging import tiles

if TYPE_CHECKING:
    from galleries.models.photo import Photo


@dataclass(frozen=True)
class Rendition:
    """One stored rendition, as recorded on its photo's row so pages never ask storage."""

    width: int
    height: int
    format: str
    bytes: int
    name: str
    crop: str = ""  # "3:2", "1:1" or "social" (galleries.imaging.cropping); "" for the whole picture

    @property
    def url(self) -> str:
        return media_url(self.name)

    @property
    def mime_type(self) -> str:
        return imaging.MIME_TYPES[self.format]


def media_url(name: str) -> str:
    """default_storage.url(name), without asking the storage for every rendition of every page.

    Where the storage's addresses are its base followed by the name (local disk, or a bucket whose
    files are public), the base is worked out once and reused; otherwise (signed addresses) every
    name is asked for. The base is kept on the storage object, so a new storage (another setting)
    works it out again.
    """
    storage = default_storage
    known = getattr(storage, "_expedition_url_base", None)
    if known is None or known[0] != settings.MEDIA_URL:  # MEDIA_URL moves the local storage's base
        probes = ("renditions/probe/a.jpg", "renditions/probe-b/c-1.webp")
        addresses = [storage.url(probe) for probe in probes]
        bases = {address.removesuffix(probe) for address, probe in zip(addresses, probes, strict=True)}
        plain = len(bases) == 1 and not any("?" in address for address in addresses)  # "?": signed
        known = (settings.MEDIA_URL, bases.pop() if plain else "")
        storage._expedition_url_base = known  # type: ignore[attr-defined]
    base = known[1]
    # Our names are generated from [0-9a-f/-.] and a format's extension: nothing to quote.
    return base + name if base else storage.url(name)


@cache
def _photo_address_parts(script_prefix: str) -> tuple[str, str, str]:
    """The photo page's address around its slug and pk: ("/missions/", "/photos/", "/")."""
    address = reverse("galleries:photo-detail", kwargs={"mission_slug": "mission-slug", "pk": 123456789})
    before, rest = address.split("mission-slug", 1)
    between, after = rest.split("123456789", 1)
    return before, between, after


def photo_address(mission_slug: str, pk: int) -> str:
    """reverse("galleries:photo-detail", …), the URL pattern reversed once per script prefix: a
    gallery page links 48 photos twice, and reverse() was a fifth of its render time. Slugs and
    primary keys need no quoting."""
    before, between, after = _photo_address_parts(get_script_prefix())
    return f"{before}{mission_slug}{between}{pk}{after}"


def rendition_name(photo: Photo, width: int, format: str, attempt: str) -> str:
    """Storage name of a rendition made by one `attempt`: the same on local disk and on S3,
    unguessable for drafts, and new for every attempt, so a rebuild never touches the files the
    pages use until its own are recorded (the old ones go once it commits)."""
    return f"renditions/{photo.key.hex}/{width}-{attempt}{imaging.EXTENSIONS[format]}"


def crop_name(photo: Photo, label: str, width: int, format: str, attempt: str) -> str:
    """Storage name of one art-directed crop ("3:2" → "renditions/<key>/crop-3x2-960-<attempt>.jpg"):
    beside the photo's renditions, so it lives and goes with them, and new for every framing."""
    return f"renditions/{photo.key.hex}/crop-{label.replace(':', 'x')}-{width}-{attempt}{imaging.EXTENSIONS[format]}"


def zoom_names(zoom: dict[str, Any], key_hex: str) -> list[str]:
    """Storage names of the deep-zoom tiles recorded in `zoom` (a Photo.zoom), if they were made
    for the key `key_hex`: a record left from an older key names files already deleted."""
    if not zoom or zoom.get("key") != key_hex:
        return []
    paths = tiles.layout_paths(
        zoom["width"],
        zoom["height"],
        tile_size=zoom["tile"],
        factors=tuple(zoom["scale_factors"]),
        sizes=tuple((w, h) for w, h in zoom["sizes"]),
    )
    return [f"{zoom['prefix']}/{path}" for path in paths]


def zoom_prefix(photo: Photo, attempt: str) -> str:
    """Where one attempt stores a photo's tiles: under its key, beside its renditions, so the
    same life cycle (and the same public-or-not storage) applies to both."""
    return f"renditions/{photo.key.hex}/zoom-{attempt}"


class OriginalsStorage(LazyObject):
    """The "originals" storage of settings.STORAGES, resolved on first use (like default_storage)."""

    def _setup(self) -> None:
        self._wrapped = storages["originals"]


_originals = OriginalsStorage()


def originals_storage() -> Storage:
    return cast("Storage", _originals)  # a lazy proxy of the "originals" Storage


def original_upload_to(photo: Photo, filename: str) -> str:
    """Return a generated, unguessable storage name for an original; the uploaded name is kept apart.

    Its own random name, not the photo's key: every public rendition address carries the key, and
    an original (with its GPS) must not be one guess away from it where storage is misconfigured."""
    return f"originals/{uuid.uuid4().hex}{imaging.EXTENSIONS.get(photo.original_format, '.bin')}"
