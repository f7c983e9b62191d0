from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from galleries.models.cleaning import CleanText
from galleries.text import folded_words

if TYPE_CHECKING:
    from galleries.models.photo import Photo


class MissionQuerySet(models.QuerySet["Mission"]):
    def published(self) -> MissionQuerySet:
        """Missions readers may see: published, with a publication time that has passed."""
        return self.filter(status=Mission.Status.PUBLISHED, published_at__lte=timezone.now())

    def with_cover_ids(self) -> MissionQuerySet:
        """Annotate `cover_id`: the chosen cover if readers may see it, else the first shown photo.

        Like with_photo_counts(), a correlated subquery: PostgreSQL works it out only for the rows
        an ORDER BY … LIMIT keeps (a page of missions), by the shown-photos index (migration 0007)."""
        from galleries.models.photo import Photo

        shown = Photo.objects.shown().filter(mission=models.OuterRef("pk"))
        return self.annotate(
            cover_id=Coalesce(
                models.Subquery(shown.filter(pk=models.OuterRef("cover_photo_id")).values("pk")[:1]),
                models.Subquery(shown.in_order().values("pk")[:1]),
            )
        )

    def with_photo_counts(self) -> MissionQuerySet:
        """Annotate `photo_count`: how many photos readers see.

        A correlated subquery, not Count() over a join: that groups every mission's photos (and
        puts the cover subqueries in the GROUP BY, run once a photo) before the page's LIMIT."""
        from galleries.models.photo import Photo

        counted = (
            Photo.objects.shown()
            .filter(mission=models.OuterRef("pk"))
            .order_by()
            .values("mission")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(photo_count=Coalesce(models.Subquery(counted), 0))

    def with_photos_updated_at(self) -> MissionQuerySet:
        """Annotate `photos_updated_at`: the last change to a photo readers see (None without one)."""
        from galleries.models.photo import Photo

        changed = Photo.objects.shown().filter(mission=models.OuterRef("pk")).order_by("-updated_at")
        return self.annotate(photos_updated_at=models.Subquery(changed.values("updated_at")[:1]))

    def matching(self, query: str) -> MissionQuerySet:
        """Missions whose title or vehicle hold every word of `query` (the last as a beginning) or,
        failing that, look like it, closest first; accents, case and hyphens ignored."""
        from galleries.search import name_matches

        return name_matches(self, "title_folded", query)


class Mission(CleanText):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200, help_text="As readers see it, e.g. “Expedition 56”.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the gallery's address.")
    summary = models.TextField(blank=True, help_text="One or two sentences shown above the gallery and in feeds.")
    start_date = models.DateField(help_text="First day of the mission.")
    end_date = models.DateField(null=True, blank=True, help_text="Last day; leave empty while it is under way.")
    vehicle = models.CharField(max_length=100, blank=True, help_text="Spacecraft, e.g. “Soyuz MS-09”.")
    patch = models.ImageField(upload_to="patches/", blank=True, help_text="Optional mission patch.")
    # The patch's renditions, as galleries.small_pictures records them: pages never show the upload.
    patch_renditions = models.JSONField(default=dict, blank=True, editable=False)
    cover_photo = models.ForeignKey(
        "galleries.Photo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Shown on the home page and in feeds; the first photo when empty.",
    )
    author_name = models.CharField(max_length=200, blank=True, help_text="Byline shown after the gallery.")
    author_role = models.CharField(max_length=200, blank=True, help_text="e.g. “Producer and Contributing Writer”.")
    author_bio = models.TextField(blank=True, help_text="A short biography of the author.")
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Readers see a published mission once its publication time has passed.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When readers may first see it; a future time schedules it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Filled on save: title and vehicle as folded words, for search ("expedition 56 soyuz ms 09").
    title_folded = models.CharField(max_length=301, editable=False, default="")

    objects = MissionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "title_folded", "patch_renditions"])

    class Meta:
        ordering = ["-published_at", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="mission_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="mission_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_published_at()
        self.title_folded = folded_words(f"{self.title} {self.vehicle}")[:301]  # ß → ss
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "title_folded"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("galleries:mission-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        self.fill_published_at()

    def fill_published_at(self) -> None:
        """Publishing without a time publishes now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def publishing_problems(self) -> list[str]:
        """What stops this mission from being published: readers would see no photo at all."""
        if self.photos.shown().exists():
            return []
        return ["The gallery has no photos readers could see."]

    def held_back_photos(self) -> list[Photo]:
        """Photos no editor hid that readers will still not see, in order; each says why."""
        return list(self.photos.released().not_ready().in_order())

    def uncaptioned_photos(self) -> list[Photo]:
        """Shown photos without a caption: allowed, but the gallery reads better with one."""
        return list(self.photos.shown().filter(caption="").in_order())

    @property
    def is_public(self) -> bool:
        """The instance form of MissionQuerySet.published()."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class MissionCrew(CleanText):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="crew")
    crewmember = models.ForeignKey("galleries.Crewmember", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(max_length=100, help_text="e.g. “Soyuz Commander” or “Flight Engineer”.")
    is_backup = models.BooleanField(default=False, help_text="Backup crew rather than prime crew.")
    position = models.PositiveIntegerField(default=0, help_text="Order in the crew list.")

    class Meta:
        ordering = ["is_backup", "position", "pk"]
        verbose_name = "crew assignment"
        constraints = [
            models.UniqueConstraint(fields=["mission", "crewmember"], name="missioncrew_unique_crewmember"),
        ]

    def __str__(self) -> str:
        return f"{self.crewmember} — {self.role}"
