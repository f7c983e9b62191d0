from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from simple_history.models import HistoricalRecords

from galleries import imaging, search_index
from galleries.models.cleaning import CleanText
from galleries.models.files import (  # noqa: F401  # originals_storage and original_upload_to: named by migrations
    Rendition,
    media_url,
    original_upload_to,
    originals_storage,
    photo_address,
    zoom_names,
)
from galleries.models.framing import Framing
from galleries.models.mission import Mission
from galleries.models.topics import Topic, topics_sync
from galleries.search_index import SearchDocument

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files import File

    from galleries.imaging import ImageInfo, RenderedImage
    from galleries.models.credit import License
    from galleries.models.people import Crewmember


def described_condition(prefix: str = "") -> models.Q:
    """A title and alt text: what an editor must write before readers see a photo."""
    return ~models.Q(**{f"{prefix}title": ""}) & ~models.Q(**{f"{prefix}alt_text": ""})


def ready_condition(prefix: str = "") -> models.Q:
    """A photo is ready when it is described and has its renditions (the credit is required by the
    schema), as a condition on `prefix` + Photo's fields."""
    return described_condition(prefix) & ~models.Q(**{f"{prefix}renditions": []})


def shown_condition(prefix: str = "") -> models.Q:
    """The photo half of the visibility rule: ready and not hidden, as a condition on `prefix` +
    Photo's fields, for subqueries and filtered aggregates; querysets of photos use
    PhotoQuerySet.shown(). PostgreSQL's partial indexes of shown photos (migration 0007) repeat
    this condition: change them with it."""
    return released_condition(prefix) & ready_condition(prefix)


def released_condition(prefix: str = "") -> models.Q:
    """Not hidden: an editor lets readers see it once it is ready."""
    return models.Q(**{f"{prefix}is_hidden": False})


# What search reads, never shown: pages need not fetch it.
SEARCH_FIELDS = (*search_index.COLUMNS, "search_vector")


class PhotoQuerySet(models.QuerySet["Photo"]):
    def described(self) -> PhotoQuerySet:
        """Photos with a title and alt text, whether or not their renditions exist yet."""
        return self.filter(described_condition())

    def not_ready(self) -> PhotoQuerySet:
        return self.exclude(ready_condition())

    def released(self) -> PhotoQuerySet:
        """Photos not hidden by an editor; those also ready are shown()."""
        return self.filter(released_condition())

    def shown(self) -> PhotoQuerySet:
        """Photos readers see once their mission is public: ready and not hidden (previews use this)."""
        return self.filter(shown_condition())

    def published(self) -> PhotoQuerySet:
        """Photos readers may see: shown, in a mission readers may see."""
        return self.shown().filter(mission__in=Mission.objects.published())

    def in_order(self) -> PhotoQuerySet:
        return self.order_by("position", "pk")

    def showing(self, crewmember: Crewmember) -> PhotoQuerySet:
        return self.filter(people=crewmember)

    def for_display(self) -> PhotoQuerySet:
        """Everything a page needs to show photos with their credit line and picture, in one query."""
        return self.select_related("mission", "credit__default_license", "license").defer(*SEARCH_FIELDS)

    def matching(self, query: str) -> PhotoQuerySet:
        """Photos whose title, people, caption, place, keywords, credit or mission hold every word
        of `query` (accents and case ignored, words stemmed), best match first, with a `rank`."""
        from galleries.search import photo_matches

        return photo_matches(self, query)

    def by_pk(self, pks: Iterable[int | None]) -> dict[int, Photo]:
        """These photos by pk; empty pks (a mission without a cover) are skipped."""
        return {photo.pk: photo for photo in self.filter(pk__in=[pk for pk in pks if pk])}

    def next_position(self, mission: Mission) -> int:
        last = self.filter(mission=mission).aggregate(last=models.Max("position"))["last"]
        return 0 if last is None else last + 1


class Photo(Framing, CleanText):
    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="photos", help_text="The gallery this photo belongs to."
    )
    position = models.PositiveIntegerField(
        blank=True, help_text="Order in the gallery, smallest first. Leave empty to add it at the end."
    )
    image = models.ImageField(
        upload_to=original_upload_to,
        storage=originals_storage,
        max_length=255,
        help_text="The original file, kept byte for byte. JPEG, PNG, WebP, TIFF, AVIF or HEIC.",
    )
    title = models.CharField(max_length=200, blank=True, help_text="Short headline, e.g. “Making Their Mark”.")
    caption = models.TextField(blank=True, help_text="Shown under the photo: who, what, where, when.")
    alt_text = models.CharField(
        max_length=500,
        blank=True,
        help_text="What a screen reader says instead of the image: describe what is seen, not the caption. "
        "Required before the gallery is published.",
    )
    long_description = models.TextField(
        blank=True, help_text="Optional detailed description of the image for readers who cannot see it."
    )
    credit = models.ForeignKey(
        "galleries.Credit",
        on_delete=models.PROTECT,
        related_name="photos",
        help_text="Shown as “Photographer/Organization” under the photo.",
    )
    license = models.ForeignKey(
        "galleries.License",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
        help_text="Leave empty to use the credit's default license.",
    )
    taken_at = models.DateTimeField(null=True, blank=True, help_text="When the photo was taken.")
    location = models.CharField(
        max_length=200, blank=True, help_text="Where it was taken, e.g. “Baikonur Cosmodrome”."
    )
    people = models.ManyToManyField(
        "galleries.Crewmember", blank=True, related_name="photos", help_text="Crewmembers shown in the photo."
    )
    keywords = models.CharField(
        max_length=500, blank=True, help_text="Comma-separated keywords, e.g. “Soyuz, launch pad, Baikonur”."
    )
    is_hidden = models.BooleanField(default=False, help_text="Keep this photo off the public site.")
    # Where an imported photo came from (galleries.avail: "nasa" and its NASA ID), so importing the
    # same asset again is recognised whatever its file's bytes; empty for photos made here.
    source = models.CharField(max_length=50, blank=True, default="", editable=False)
    external_id = models.CharField(
        max_length=200, blank=True, default="", editable=False, help_text="The asset's ID at its source."
    )
    # The keywords as topic pages (galleries.models.topics), kept in step by save().
    topics = models.ManyToManyField(Topic, blank=True, editable=False, related_name="photos")

    # Recorded by the image pipeline; never typed by an editor.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    original_filename = models.CharField(max_length=255, blank=True, editable=False)
    original_format = models.CharField(max_length=10, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, editable=False, help_text="Upright width in pixels.")
    height = models.PositiveIntegerField(null=True, editable=False, help_text="Upright height in pixels.")
    sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    camera = models.CharField(max_length=200, blank=True, editable=False)
    # Lens, shutter, aperture, ISO, focal length and the UTC offset of the camera's clock, as the
    # file gave them (imaging.exposure.Exposure.as_record()); never a serial number.
    exposure = models.JSONField(default=dict, blank=True, editable=False)
    # Where the camera says it was: shown to editors only, never on a public page or in a rendition.
    gps_latitude = models.FloatField(null=True, blank=True, editable=False)
    gps_longitude = models.FloatField(null=True, blank=True, editable=False)
    # [{"width", "height", "format", "bytes", "name"}, …]: a column, not a table, so a gallery of
    # 200 photos renders from one query without building 2,400 model instances.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    placeholder_color = models.CharField(max_length=7, blank=True, editable=False)
    # The full-resolution copy readers may download ({"width", "height", "bytes", "name"}, or {}
    # until the worker made it): made from the original like a rendition, private metadata
    # stripped; never in a srcset (galleries.downloads).
    full_size = models.JSONField(default=dict, blank=True, editable=False)
    # The deep-zoom tiles made for `key` (galleries.zoom), so info.json needs no storage call:
    # {"key", "prefix", "width", "height", "tile", "scale_factors", "sizes"}; {} when there are none.
    zoom = models.JSONField(default=dict, blank=True, editable=False)
    # Why the last attempt to make renditions failed; empty once they are made.
    rendition_error = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What search reads, as folded words (galleries.search_index keeps them current), and on
    # PostgreSQL the weighted tsvector the database makes of them.
    search_title = models.TextField(blank=True, default="", editable=False)
    search_people = models.TextField(blank=True, default="", editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)
    search_credit = models.TextField(blank=True, default="", editable=False)
    search_mission = models.TextField(blank=True, default="", editable=False)
    search_vector = models.GeneratedField(
        expression=SearchDocument(), output_field=SearchVectorField(null=True), db_persist=True
    )

    objects = PhotoQuerySet.as_manager()
    # Who changed what, before and after: the editorial fields and the people shown (not what the
    # pipeline records, which it rebuilds).
    history = HistoricalRecords(
        m2m_fields=[people],
        excluded_fields=[
            *("renditions", "placeholder_color", "rendition_error", "key", "created_at", "updated_at"),
            *("full_size", "zoom", "exposure"),
            *SEARCH_FIELDS,
        ],
    )

    class Meta:
        # mission_id, not mission: ordering by the relation would join Mission for its own ordering.
        ordering = ["mission_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "position"], name="photo_unique_position_in_mission"),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="photo_unique_external_id_per_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.original_filename or f"Photo {self.pk}"

    # The keywords the photo's topics were last made from (as loaded, or as last saved).
    _topics_of: str | None = ""

    @classmethod
    def from_db(cls, *args: Any, **kwargs: Any) -> Photo:
        photo = super().from_db(*args, **kwargs)
        photo._topics_of = photo.__dict__.get("keywords")  # None when deferred: saving keywords then syncs
        return photo

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        touched = search_index.fill_document(self, update_fields)
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *touched}
        super().save(*args, **kwargs)
        if (update_fields is None or "keywords" in update_fields) and self.keywords != self._topics_of:
            topics_sync(self)  # every path saves here: admin, desk, ingest, imports, history revert
            self._topics_of = self.keywords

    def get_absolute_url(self) -> str:
        return photo_address(self.mission.slug, self.pk)

    @property
    def is_ready(self) -> bool:
        """The instance form of ready_condition(): a title, alt text and renditions."""
        return bool(self.title and self.alt_text and self.renditions)

    @property
    def is_shown(self) -> bool:
        """The instance form of PhotoQuerySet.shown()."""
        return not self.is_hidden and self.is_ready

    @property
    def is_public(self) -> bool:
        """The instance form of PhotoQuerySet.published()."""
        return self.is_shown and self.mission.is_public

    def readiness_problems(self) -> list[str]:
        """What keeps this photo from readers, for editors: empty when it is ready."""
        problems = [
            f"no {label}" for label, value in (("title", self.title), ("alt text", self.alt_text)) if not value
        ]
        if not self.renditions:
            problems.append(
                f"its renditions failed ({self.rendition_error})"
                if self.rendition_error
                else "its renditions are being made"
            )
        return problems

    def attach_original(self, *, upload: File, info: ImageInfo) -> None:
        """Use `upload` as this photo's original, with what the pipeline read from it."""
        self.image = upload
        # A new key means new storage names, so no cache or CDN keeps serving the old picture.
        self.key = uuid.uuid4()
        self.original_filename = imaging.display_name(upload.name or "")
        self.original_format = info.format
        self.width, self.height = info.width, info.height
        self.sha256 = info.sha256
        self.camera = info.metadata.camera
        self.exposure = info.metadata.exposure.as_record()
        self.gps_latitude, self.gps_longitude = info.metadata.gps or (None, None)
        self.renditions = []
        self.full_size = {}
        self.zoom = {}
        self.placeholder_color = ""
        self.rendition_error = ""

    def effective_license(self) -> License:
        return self.license or self.credit.default_license

    def rights(self) -> imaging.Rights:
        """The rights statement written into every rendition of this photo."""
        license = self.effective_license()
        credit_line = str(self.credit)
        return imaging.Rights(
            creator=self.credit.photographer or self.credit.organization,
            credit_line=credit_line,
            copyright=f"{credit_line}. {license.name}",
            license_url=license.url,
            licensor_url=f"{site_url}{self.get_absolute_url()}" if (site_url := settings.GALLERIES_SITE_URL) else "",
            headline=self.title,
            description=self.caption,
        )

    def rendition_list(self) -> list[Rendition]:
        """The renditions of the whole picture (crop_list() has the art-directed crops)."""
        return [Rendition(**entry) for entry in self.renditions if not entry.get("crop")]

    def crop_list(self) -> list[Rendition]:
        return [Rendition(**entry) for entry in self.renditions if entry.get("crop")]

    def rendition_names(self) -> list[str]:
        """Every stored file made from the original: its renditions, the full-size download copy
        and its zoom tiles (which share their life cycle: retired, replaced and deleted with them)."""
        full_size = [self.full_size["name"]] if self.full_size else []
        return [entry["name"] for entry in self.renditions] + full_size + zoom_names(self.zoom, self.key.hex)

    @property
    def has_zoom(self) -> bool:
        """Deep-zoom tiles exist for the current picture (galleries.zoom)."""
        return bool(self.zoom) and self.zoom.get("key") == self.key.hex

    def set_renditions(self, rendered: list[RenderedImage], names: list[str]) -> None:
        """Record `rendered` (stored under `names`), keeping recorded formats it does not replace."""
        made = {image.spec.format for image in rendered}
        kept = [entry for entry in self.renditions if entry.get("crop") or entry["format"] not in made]
        self.renditions = kept + [
            {"width": r.width, "height": r.height, "format": r.spec.format, "bytes": len(r.data), "name": name}
            for r, name in zip(rendered, names, strict=True)
        ]

    def renditions_by_format(self) -> dict[str, list[Rendition]]:
        """Renditions grouped by format, narrowest first."""
        grouped: dict[str, list[Rendition]] = {}
        for rendition in sorted(self.rendition_list(), key=lambda r: r.width):
            grouped.setdefault(rendition.format, []).append(rendition)
        return grouped

    def rendition_for(self, *, width: int, format: str = "JPEG", crop: str = "") -> Rendition | None:
        """The narrowest rendition of the whole picture at least `width` wide in `format`, else the
        widest there is; `crop` ("3:2", "1:1", "social") chooses among that crop's instead."""
        candidates = sorted(
            (e for e in self.renditions if e["format"] == format and e.get("crop", "") == crop), key=_width
        )
        chosen = next(
            (entry for entry in candidates if entry["width"] >= width), candidates[-1] if candidates else None
        )
        return Rendition(**chosen) if chosen else None


def _width(entry: dict[str, Any]) -> int:
    return entry["width"]
