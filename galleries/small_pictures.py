"""Mission patches and crew portraits as readers get them: small renditions, never the upload.

An uploaded patch or portrait may carry GPS, serial numbers and a camera's comments, and be many
megabytes: pages show only re-encoded renditions (two widths, WebP and JPEG, made by the same
pipeline as photos' renditions: upright, sRGB, no metadata at all), recorded with their sizes on the
mission's or crewmember's row so pages never ask the store and never shift; a transparent patch
keeps its transparency, as WebP and PNG (galleries.imaging.small). They are made by the
task worker after the upload commits (until then the page shows no picture), stored under a new
unguessable folder each time (`pictures/<hex>/<width>.<ext>`), and the ones they replace go once
the new ones are recorded; a cleared or deleted picture's renditions go with it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.tasks import task
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from PIL import UnidentifiedImageError

from galleries import imaging
from galleries.cache import content_changed
from galleries.imaging.small import render_small
from galleries.models import Crewmember, Mission
from galleries.models.files import media_url
from galleries.renditions import failures
from galleries.storage import storage_delete, storage_delete_on_commit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]
    image_field: str  # the upload
    record_field: str  # {"source": upload's name, "files": [{"width", "height", "format", "bytes", "name"}]}
    widths: tuple[int, ...]  # 1x and 2x of where pages show it


KINDS = {
    "patch": Kind(Mission, "patch", "patch_renditions", (96, 192)),
    "portrait": Kind(Crewmember, "portrait", "portrait_renditions", (96, 320)),
}
FALLBACK_FORMATS = ("JPEG", "PNG")  # PNG for a transparent picture (imaging.small)


def kind_of(instance: models.Model) -> tuple[str, Kind]:
    return next((name, kind) for name, kind in KINDS.items() if isinstance(instance, kind.model))


def recorded_names(record: dict[str, Any]) -> list[str]:
    return [entry["name"] for entry in record.get("files", [])]


def picture_saved(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """After a mission or crewmember is saved: renditions for a new picture, none for a cleared one."""
    name, kind = kind_of(instance)
    source = getattr(instance, kind.image_field).name or ""
    record = getattr(instance, kind.record_field) or {}
    if source == record.get("source", ""):
        return
    if not source:
        kind.model.objects.filter(pk=instance.pk).update(**{kind.record_field: {}})  # type: ignore[attr-defined]
        setattr(instance, kind.record_field, {})
        storage_delete_on_commit(names=recorded_names(record))
        content_changed()
        return
    pk = instance.pk
    transaction.on_commit(lambda: picture_renditions_build.enqueue(kind=name, pk=pk))


def picture_deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    _, kind = kind_of(instance)
    storage_delete_on_commit(names=recorded_names(getattr(instance, kind.record_field) or {}))


@task
def picture_renditions_build(*, kind: str, pk: int) -> int:
    """Make, store and record the renditions of a patch or portrait; how many were made."""
    spec = KINDS[kind]
    instance = spec.model.objects.filter(pk=pk).first()  # type: ignore[attr-defined]
    if instance is None:
        return 0
    field = getattr(instance, spec.image_field)
    source = field.name or ""
    if not source:
        return 0
    folder = f"pictures/{uuid.uuid4().hex}"
    names: list[str] = []
    try:
        with field.open("rb") as opened:
            rendered = render_small(opened, spec.widths)
        for image in rendered:
            wanted = f"{folder}/{image.spec.width}{imaging.EXTENSIONS[image.spec.format]}"
            names.append(default_storage.save(wanted, ContentFile(image.data)))
    except (*failures(), UnidentifiedImageError) as exc:  # type: ignore[misc]  # checked on upload; the store may still fail
        for name in names:
            storage_delete(name=name, storage=default_storage)
        logger.warning("Renditions of %s %s failed: %s", kind, pk, exc)
        return 0
    files = [
        {"width": r.width, "height": r.height, "format": r.spec.format, "bytes": len(r.data), "name": name}
        for r, name in zip(rendered, names, strict=True)
    ]
    with transaction.atomic():
        current = spec.model.objects.select_for_update().filter(pk=pk).first()  # type: ignore[attr-defined]
        if current is None or (getattr(current, spec.image_field).name or "") != source:
            storage_delete_on_commit(names=names)  # replaced or deleted meanwhile: its own task runs
            return 0
        stale = recorded_names(getattr(current, spec.record_field) or {})
        spec.model.objects.filter(pk=pk).update(**{spec.record_field: {"source": source, "files": files}})  # type: ignore[attr-defined]
        storage_delete_on_commit(names=stale)
        content_changed()  # a patch shows on the home page, a portrait on galleries and crew pages
    return len(files)


def small_picture_html(
    record: dict[str, Any] | None, *, alt: str, size: int, css_class: str, eager: bool = False
) -> SafeString:
    """A recorded patch or portrait as <picture>, `size` CSS pixels wide, lazy unless `eager` (at
    the top of its page), with its rendition's true width and height; "" until renditions exist."""
    files = sorted((record or {}).get("files", []), key=lambda entry: entry["width"])
    plain = [entry for entry in files if entry["format"] in FALLBACK_FORMATS]
    if not plain:
        return mark_safe("")
    fallback = next((entry for entry in plain if entry["width"] >= size), plain[-1])
    fallback_format = fallback["format"]

    def srcset(fmt: str) -> str:
        return escape(", ".join(f"{media_url(e['name'])} {e['width']}w" for e in files if e["format"] == fmt))

    webp = srcset("WEBP")
    source = f'<source type="image/webp" srcset="{webp}" sizes="{size}px">' if webp else ""
    return mark_safe(  # every value is escaped or a number
        f'<picture class="{escape(css_class)}">{source}<img src="{escape(media_url(fallback["name"]))}" '
        f'srcset="{srcset(fallback_format)}" sizes="{size}px" width="{fallback["width"]}" '
        f'height="{fallback["height"]}" '
        f'alt="{escape(alt)}"{"" if eager else ' loading="lazy"'} decoding="async"></picture>'
    )
