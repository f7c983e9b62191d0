"""Where an editor says a photo's crops should look: a focal point and an optional crop rectangle.

Fields of Photo (an abstract base, so photo.py stays about the photo), kept by its history like
every editorial field, and checked by Model.full_clean() (admin forms, the desk, the restore).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from galleries.imaging.crops import Point, Rect

_OUTSIDE = "A fraction of the picture, from 0 to 1."
FRACTION = [MinValueValidator(0.0, message=_OUTSIDE), MaxValueValidator(1.0, message=_OUTSIDE)]
RECT_FIELDS = ("crop_left", "crop_top", "crop_right", "crop_bottom")
FRAMING_FIELDS = ("focal_x", "focal_y", *RECT_FIELDS)


def _fraction(name: str, help_text: str) -> models.FloatField:
    return models.FloatField(verbose_name=name, null=True, blank=True, validators=FRACTION, help_text=help_text)


class Framing(models.Model):
    """A focal point and crop rectangle in fractions 0–1 of the upright picture (0, 0 is its top
    left), empty until an editor chooses; the crops are then made around a salient default."""

    focal_x = _fraction("focal point across", "0 is the left edge, 1 the right: click the picture to set it.")
    focal_y = _fraction("focal point down", "0 is the top edge, 1 the bottom.")
    crop_left = _fraction("crop left", "Optional: keep only the picture right of this (0–1).")
    crop_top = _fraction("crop top", "Optional: keep only the picture below this (0–1).")
    crop_right = _fraction("crop right", "Optional: keep only the picture left of this (0–1).")
    crop_bottom = _fraction("crop bottom", "Optional: keep only the picture above this (0–1).")

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        focal = (self.focal_x, self.focal_y)
        if (focal[0] is None) != (focal[1] is None):
            missing = "focal_y" if focal[1] is None else "focal_x"
            errors[missing] = ["Give both coordinates of the focal point, or neither."]
        rect = [getattr(self, name) for name in RECT_FIELDS]
        if any(value is not None for value in rect) and any(value is None for value in rect):
            for name, value in zip(RECT_FIELDS, rect, strict=True):
                if value is None:
                    errors[name] = ["Give all four sides of the crop rectangle, or none."]
        elif all(value is not None for value in rect) and all(0 <= value <= 1 for value in rect):
            left, top, right, bottom = rect
            if right <= left:
                errors["crop_right"] = ["The crop's right side must be right of its left side."]
            if bottom <= top:
                errors["crop_bottom"] = ["The crop's bottom must be below its top."]
        if errors:
            raise ValidationError(errors)

    @property
    def focal_point(self) -> Point | None:
        if self.focal_x is None or self.focal_y is None:
            return None
        return (self.focal_x, self.focal_y)

    @property
    def crop_rect(self) -> Rect | None:
        rect = [getattr(self, name) for name in RECT_FIELDS]
        if any(value is None for value in rect):
            return None
        return (rect[0], rect[1], rect[2], rect[3])

    def framing(self) -> tuple[float | None, ...]:
        """The editor's framing as one value: crops made for another framing are out of date."""
        return tuple(getattr(self, name) for name in FRAMING_FIELDS)
