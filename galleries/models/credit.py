from __future__ import annotations

from django.db import models

from galleries.models.cleaning import CleanText


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
