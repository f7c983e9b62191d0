from __future__ import annotations

from typing import Any

from django.db import models

from galleries.models.cleaning import CleanText
from galleries.text import folded_words


class License(CleanText):
    name = models.CharField(
        max_length=200, unique=True, help_text="As readers see it, e.g. “Public domain (NASA media guidelines)”."
    )
    url = models.URLField(blank=True, help_text="Where readers can read the license terms.")
    allows_download = models.BooleanField(
        default=False, help_text="Offer readers a download link for photos under this license."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CreditQuerySet(models.QuerySet["Credit"]):
    def for_names(self, *, photographer: str, organization: str) -> CreditQuerySet:
        """Credits naming this photographer and organization, ignoring case."""
        return self.filter(photographer__iexact=photographer, organization__iexact=organization)


class Credit(CleanText):
    photographer = models.CharField(
        max_length=200, blank=True, help_text="Person who took the photo, as printed in the credit line."
    )
    organization = models.CharField(max_length=200, blank=True, help_text="Agency or company, e.g. NASA.")
    default_license = models.ForeignKey(
        License,
        on_delete=models.PROTECT,
        related_name="credits",
        help_text="License of this photographer's photos unless a photo says otherwise.",
    )
    # Filled on save: photographer and organization as folded words, for search ("joel kowsky nasa").
    name_folded = models.CharField(max_length=401, editable=False, default="")

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["photographer", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["photographer", "organization"], name="credit_unique_photographer_organization"
            ),
            models.CheckConstraint(condition=~models.Q(photographer="", organization=""), name="credit_names_someone"),
        ]

    def __str__(self) -> str:
        return "/".join(part for part in (self.photographer, self.organization) if part)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = folded_words(f"{self.photographer} {self.organization}")[:401]  # ß → ss
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)
