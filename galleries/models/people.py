from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from galleries.models.cleaning import CleanText
from galleries.text import folded_words


class Agency(CleanText):
    name = models.CharField(
        max_length=200, help_text="Full name, e.g. “National Aeronautics and Space Administration”."
    )
    short_name = models.CharField(max_length=40, help_text="Abbreviation used in credits and captions, e.g. “NASA”.")
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in addresses; letters, digits and hyphens.")
    url = models.URLField(blank=True, help_text="The agency's own website.")

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.short_name or self.name


class CrewmemberQuerySet(models.QuerySet["Crewmember"]):
    def matching(self, query: str) -> CrewmemberQuerySet:
        """Crewmembers whose name holds every word of `query` (the last as a beginning) or, failing
        that, looks like it (a misspelling or another transliteration), closest first; accents, case
        and hyphens ignored."""
        from galleries.search import name_matches

        return name_matches(self, "name_folded", query)

    def mentioned_in(self, text: str) -> list[Crewmember]:
        """Crewmembers `text` names, by full name or surname (4 letters or more), with or without accents."""
        folded = f" {folded_words(text)} "
        found: list[Crewmember] = []
        for person in self.only("pk", "name", "name_folded"):
            surname = person.name_folded.split()[-1] if person.name_folded else ""
            if f" {person.name_folded} " in folded or (len(surname) >= 4 and f" {surname} " in folded):
                found.append(person)
        return found

    def published(self) -> CrewmemberQuerySet:
        """Crewmembers readers may see: on the crew of a visible mission or shown in a visible photo."""
        from galleries.models.mission import Mission
        from galleries.models.photo import Photo

        return self.filter(
            models.Q(pk__in=models.Subquery(Mission.objects.published().values("crew__crewmember_id")))
            | models.Q(pk__in=models.Subquery(Photo.objects.published().values("people__pk")))
        )


class Crewmember(CleanText):
    name = models.CharField(max_length=200, help_text="Full name with its accents, e.g. “Serena Auñón-Chancellor”.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the crewmember's address.")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="crewmembers",
        help_text="The agency the crewmember flies for.",
    )
    bio = models.TextField(blank=True, help_text="A short biography shown on the crewmember's page.")
    portrait = models.ImageField(upload_to="portraits/", blank=True, help_text="Optional official portrait.")
    # The portrait's renditions, as galleries.small_pictures records them: pages never show the upload.
    portrait_renditions = models.JSONField(default=dict, blank=True, editable=False)
    # Filled from `name` on save, as folded words ("serena aunon chancellor"): look-ups and search
    # ignore accents, case and hyphens on every database.
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)

    objects = CrewmemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = folded_words(self.name)[:200]  # "ß" and "æ" fold to two letters
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("galleries:crewmember-detail", kwargs={"slug": self.slug})
